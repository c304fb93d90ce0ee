//! How long one place-report photo takes to check, resize and re-encode, on one core: a
//! smooth 12-megapixel picture as a phone takes it, and a 2-megapixel one full of noise (the
//! hardest case for the JPEG codec at its size).
//!
//! ```sh
//! cargo run --release -p motcua-app --example photo_speed
//! ```

use std::io::Cursor;
use std::time::Instant;

fn jpeg(w: u32, h: u32, noise: bool) -> Vec<u8> {
    let mut rng = 7u32;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        rng = rng.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let n = if noise { (rng >> 24) as u8 } else { 0 };
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

fn main() {
    for (name, bytes) in [
        ("phone 4000x3000", jpeg(4000, 3000, false)),
        ("noise 1900x1100", jpeg(1900, 1100, true)),
    ] {
        let mut ms = Vec::new();
        for _ in 0..15 {
            let t = Instant::now();
            let p =
                motcua_app::reports::photos::process("photo", "a.jpg", &bytes).expect("a photo");
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            assert!(p.width <= 1600);
        }
        ms.sort_by(f64::total_cmp);
        println!(
            "{name}: {} bytes, median {:.1} ms per photo",
            bytes.len(),
            ms[ms.len() / 2]
        );
    }
}
