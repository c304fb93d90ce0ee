//! A report's photos, in two steps.
//!
//! At filing ([`accept`]), a photo is recognised by its content, whatever its name or declared
//! type says; its header gives its size, checked against the limits; its metadata (EXIF with the
//! GPS position, XMP, maker notes, comments, anything after the picture) is cut out of the file
//! without decoding it ([`strip`]), and only that copy is stored. This is cheap, so a surge of
//! reports after a storm is taken in at the rate people send them.
//!
//! After filing ([`render`], run by the server's photo worker), the stored copy is decoded,
//! turned upright by the orientation read at filing, resized and encoded again as the JPEG that
//! is served. Until then the photo is pending and nothing serves it.

pub mod queue;
pub mod strip;

use std::io::Cursor;

use image::metadata::Orientation;
use image::{ImageDecoder, ImageFormat, ImageReader, Limits};
use motcua_domain::message::{MessageArg, Text};
use motcua_domain::report::input::{PHOTO_MAX_BYTES, PHOTO_MAX_PIXELS, PHOTO_MAX_SIDE};
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// A photo as taken in at filing: its file without metadata, not yet resized.
#[derive(Clone, Debug)]
pub struct Accepted {
    pub bytes: Vec<u8>,
    /// `jpeg`, `png` or `webp`: the stored file's kind.
    pub kind: &'static str,
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    /// The EXIF orientation (1 to 8) the metadata carried, applied when the photo is rendered.
    pub orientation: u8,
}

/// A photo ready to serve.
#[derive(Clone, Debug)]
pub struct Photo {
    pub jpeg: Vec<u8>,
    pub sha256: String,
    pub width: u32,
    pub height: u32,
}

fn refused(field: &str, id: &'static str, name: &str) -> Error {
    Error::field(
        field,
        Text::with(id, vec![("name", MessageArg::Text(name.to_owned()))]),
    )
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_alloc = Some(PHOTO_MAX_PIXELS * 4);
    limits
}

/// Checks one uploaded photo and cuts its metadata out. `field` names the form field in the
/// message.
pub fn accept(field: &str, name: &str, bytes: &[u8]) -> Result<Accepted> {
    if bytes.len() > PHOTO_MAX_BYTES {
        return Err(Error::field(
            field,
            Text::with(
                "validation-report-photo_size",
                vec![
                    ("name", MessageArg::Text(name.to_owned())),
                    (
                        "max",
                        MessageArg::Number(
                            i64::try_from(PHOTO_MAX_BYTES / 1024 / 1024).unwrap_or(0),
                        ),
                    ),
                ],
            ),
        ));
    }
    let (format, kind) = match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => (ImageFormat::Jpeg, "jpeg"),
        Ok(ImageFormat::Png) => (ImageFormat::Png, "png"),
        Ok(ImageFormat::WebP) => (ImageFormat::WebP, "webp"),
        _ => return Err(refused(field, "validation-report-photo_kind", name)),
    };
    let broken = || refused(field, "validation-report-photo_broken", name);
    // The header alone: the size and the orientation, without decoding the picture.
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format);
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(|_| broken())?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > PHOTO_MAX_PIXELS {
        return Err(refused(field, "validation-report-photo_pixels", name));
    }
    let orientation = decoder
        .orientation()
        .map_or(1, image::metadata::Orientation::to_exif);
    let stripped = match format {
        ImageFormat::Jpeg => strip::jpeg(bytes),
        ImageFormat::Png => strip::png(bytes),
        _ => strip::webp(bytes),
    }
    .map_err(|_| broken())?;
    Ok(Accepted {
        sha256: hex::encode(Sha256::digest(&stripped)),
        bytes: stripped,
        kind,
        width,
        height,
        orientation,
    })
}

/// Why a stored photo could not be rendered: its picture data is damaged past its header.
#[derive(Debug, thiserror::Error)]
#[error("the photo cannot be decoded: {0}")]
pub struct Unreadable(String);

/// Decodes an accepted photo, fits it in [`PHOTO_MAX_SIDE`], turns it upright and encodes it
/// as the JPEG that is served. The fit comes before the turn: the box is square, so the result
/// is the same, and turning the small picture costs a fraction of turning the large one.
pub fn render(bytes: &[u8], orientation: u8) -> std::result::Result<Photo, Unreadable> {
    let unreadable = |e: &dyn std::fmt::Display| Unreadable(e.to_string());
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.limits(limits());
    let picture = reader
        .with_guessed_format()
        .map_err(|e| unreadable(&e))?
        .decode()
        .map_err(|e| unreadable(&e))?;
    let mut rgb = picture.into_rgb8();
    let (w, h) = rgb.dimensions();
    let (fw, fh) = fit(w, h);
    if (fw, fh) != (w, h) {
        use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer, images};
        let src = images::Image::from_vec_u8(w, h, rgb.into_raw(), PixelType::U8x3)
            .map_err(|e| unreadable(&e))?;
        let mut dst = images::Image::new(fw, fh, PixelType::U8x3);
        Resizer::new()
            .resize(
                &src,
                &mut dst,
                &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Bilinear)),
            )
            .map_err(|e| unreadable(&e))?;
        rgb = image::RgbImage::from_raw(fw, fh, dst.into_vec())
            .ok_or_else(|| Unreadable("resized buffer has the wrong size".into()))?;
    }
    let mut picture = image::DynamicImage::ImageRgb8(rgb);
    if let Some(o) = Orientation::from_exif(orientation) {
        picture.apply_orientation(o);
    }
    let rgb = picture.into_rgb8();
    let (width, height) = rgb.dimensions();
    let side = |n: u32| u16::try_from(n).map_err(|e| unreadable(&e));
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 82)
        .encode(
            rgb.as_raw(),
            side(width)?,
            side(height)?,
            jpeg_encoder::ColorType::Rgb,
        )
        .map_err(|e| unreadable(&e))?;
    Ok(Photo {
        sha256: hex::encode(Sha256::digest(&jpeg)),
        width,
        height,
        jpeg,
    })
}

/// The size of a `w` × `h` picture fitted in a [`PHOTO_MAX_SIDE`] square, ratio kept; a
/// picture that fits is left as it is.
fn fit(w: u32, h: u32) -> (u32, u32) {
    let longest = w.max(h);
    if longest <= PHOTO_MAX_SIDE {
        return (w, h);
    }
    let scale = |n: u32| {
        let n = (u64::from(n) * u64::from(PHOTO_MAX_SIDE) + u64::from(longest) / 2)
            / u64::from(longest);
        u32::try_from(n).unwrap_or(PHOTO_MAX_SIDE).max(1)
    };
    (scale(w), scale(h))
}

#[cfg(test)]
mod tests {
    use image::DynamicImage;

    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    /// A JPEG whose EXIF says "turn 90° clockwise to show" (orientation 6).
    fn sideways_jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, _| image::Rgb([(x % 256) as u8, 40, 40]));
        let mut plain = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut plain)
            .encode_image(&img)
            .unwrap();
        // A big-endian TIFF with one IFD entry: Orientation (0x0112), SHORT, 1, value 6.
        let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01".to_vec();
        exif.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
        exif.extend_from_slice(b"GPSLatitude");
        let mut out = plain[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&u16::try_from(exif.len() + 2).unwrap().to_be_bytes());
        out.extend_from_slice(&exif);
        out.extend_from_slice(&plain[2..]);
        out
    }

    #[test]
    fn an_accepted_photo_keeps_no_metadata_but_its_orientation_is_applied_when_rendered() {
        let sent = sideways_jpeg(3200, 1000);
        let a = accept("photo", "IMG_1.jpg", &sent).unwrap();
        assert_eq!(
            (a.kind, a.width, a.height, a.orientation),
            ("jpeg", 3200, 1000, 6)
        );
        assert!(!a.bytes.windows(4).any(|w| w == b"Exif"));
        assert!(!a.bytes.windows(3).any(|w| w == b"GPS"));
        let p = render(&a.bytes, a.orientation).unwrap();
        // Turned upright (1000 × 3200), then fitted in 1,600 px.
        assert_eq!((p.width, p.height), (500, 1600));
        assert_eq!(image::guess_format(&p.jpeg).unwrap(), ImageFormat::Jpeg);
    }

    #[test]
    fn a_large_png_is_resized_and_becomes_a_jpeg() {
        let a = accept("photo", "a.png", &png(3200, 1000)).unwrap();
        assert_eq!(a.kind, "png");
        let p = render(&a.bytes, a.orientation).unwrap();
        assert_eq!((p.width, p.height), (1600, 500));
        assert_eq!(image::guess_format(&p.jpeg).unwrap(), ImageFormat::Jpeg);
    }

    #[test]
    fn a_picture_is_fitted_in_the_square_with_its_ratio_kept() {
        assert_eq!(fit(4000, 3000), (1600, 1200));
        assert_eq!(fit(3000, 4000), (1200, 1600));
        assert_eq!(fit(1600, 900), (1600, 900));
        assert_eq!(fit(20_000, 3), (1600, 1));
    }

    #[test]
    fn a_file_that_is_not_a_picture_is_refused_whatever_its_name() {
        let e = accept("photo", "anh.jpg", b"%PDF-1.7 not a picture").unwrap_err();
        assert!(matches!(e, Error::Invalid(_)));
        let mut broken = png(10, 10);
        broken.truncate(40);
        assert!(accept("photo", "x.png", &broken).is_err());
    }

    #[test]
    fn a_picture_damaged_past_its_header_is_taken_in_but_cannot_be_rendered() {
        let mut sent = sideways_jpeg(400, 300);
        // Garble the entropy-coded data but keep the markers walkable.
        let start = sent.len() / 2;
        for b in &mut sent[start..start + 200] {
            if *b != 0xFF && *b != 0x00 {
                *b = 0x11;
            }
        }
        assert!(accept("photo", "x.jpg", &sent).is_ok());
        // Whether the decoder notices garbled data depends on where it falls; a picture with
        // no scan at all is certain to fail.
        let no_scan = [0xFF, 0xD8, 0xFF, 0xD9];
        assert!(render(&no_scan, 1).is_err());
    }
}
