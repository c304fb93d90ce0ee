//! How long one place-report photo takes on one core, in its two steps: taken in at filing
//! (checked, metadata cut out) and rendered by the worker (decoded, resized, encoded again). A
//! smooth 12-megapixel picture as a phone takes it, a 12-megapixel one with grain as a phone's
//! 2 MB file has, and a 2-megapixel one full of noise (the hardest case for the codec at its
//! size).
//!
//! ```sh
//! cargo run --release -p motcua-app --example photo_speed
//! ```

use std::io::Cursor;
use std::time::Instant;

fn jpeg(w: u32, h: u32, noise: u8) -> Vec<u8> {
    let mut rng = 7u32;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        rng = rng.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let n = ((rng >> 24) as u8) & noise;
        image::Rgb([
            ((x / 7) % 256) as u8 ^ n,
            ((y / 5) % 256) as u8,
            ((x + y) / 11 % 256) as u8,
        ])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .expect("encode");
    out
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    use motcua_app::reports::photos::{accept, render};
    for (name, bytes) in [
        ("smooth 4000x3000", jpeg(4000, 3000, 0)),
        ("grain 4000x3000", jpeg(4000, 3000, 0x3F)),
        ("noise 1900x1100", jpeg(1900, 1100, 0xFF)),
    ] {
        let (mut taken, mut rendered) = (Vec::new(), Vec::new());
        for _ in 0..15 {
            let t = Instant::now();
            let a = accept("photo", "a.jpg", &bytes).expect("a photo");
            taken.push(t.elapsed().as_secs_f64() * 1000.0);
            let t = Instant::now();
            let p = render(&a.bytes, a.orientation).expect("renders");
            rendered.push(t.elapsed().as_secs_f64() * 1000.0);
            assert!(p.width <= 1600);
        }
        println!(
            "{name}: {} bytes, median {:.1} ms to take in, {:.1} ms to render",
            bytes.len(),
            median(taken),
            median(rendered)
        );
    }
}
