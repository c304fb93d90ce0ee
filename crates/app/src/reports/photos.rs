//! A report's photos are decoded by their content, whatever their name or declared type says;
//! the decoded pixels are re-encoded as a JPEG no larger than the stored size. Re-encoding from
//! pixels is what strips the camera's metadata (EXIF, GPS position, maker notes): nothing of the
//! original file but its picture reaches the database. EXIF orientation is applied first, so the
//! picture stays upright without the tag.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use motcua_domain::message::{MessageArg, Text};
use motcua_domain::report::input::{PHOTO_MAX_BYTES, PHOTO_MAX_PIXELS, PHOTO_MAX_SIDE};
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// A photo ready to store.
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

/// Checks and converts one uploaded photo. `field` names the form field in the message.
pub fn process(field: &str, name: &str, bytes: &[u8]) -> Result<Photo> {
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
    let format = image::guess_format(bytes).ok();
    if !matches!(
        format,
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)
    ) {
        return Err(refused(field, "validation-report-photo_kind", name));
    }
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format.unwrap_or(ImageFormat::Jpeg));
    let mut limits = Limits::default();
    limits.max_alloc = Some(PHOTO_MAX_PIXELS * 4);
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|_| refused(field, "validation-report-photo_broken", name))?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > PHOTO_MAX_PIXELS {
        return Err(refused(field, "validation-report-photo_pixels", name));
    }
    let orientation = decoder.orientation().ok();
    let mut picture = DynamicImage::from_decoder(decoder)
        .map_err(|_| refused(field, "validation-report-photo_broken", name))?;
    if let Some(o) = orientation {
        picture.apply_orientation(o);
    }
    if picture.width() > PHOTO_MAX_SIDE || picture.height() > PHOTO_MAX_SIDE {
        picture = picture.resize(
            PHOTO_MAX_SIDE,
            PHOTO_MAX_SIDE,
            image::imageops::FilterType::Triangle,
        );
    }
    let rgb = picture.into_rgb8();
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 82)
        .encode_image(&rgb)
        .map_err(Error::internal)?;
    Ok(Photo {
        sha256: hex::encode(Sha256::digest(&jpeg)),
        width: rgb.width(),
        height: rgb.height(),
        jpeg,
    })
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn a_large_photo_is_resized_and_becomes_a_jpeg() {
        let p = process("photo", "a.png", &png(3200, 1000)).unwrap();
        assert_eq!((p.width, p.height), (1600, 500));
        assert_eq!(image::guess_format(&p.jpeg).unwrap(), ImageFormat::Jpeg);
    }

    #[test]
    fn a_file_that_is_not_a_picture_is_refused_whatever_its_name() {
        let e = process("photo", "anh.jpg", b"%PDF-1.7 not a picture").unwrap_err();
        assert!(matches!(e, Error::Invalid(_)));
        let mut broken = png(10, 10);
        broken.truncate(40);
        assert!(process("photo", "x.png", &broken).is_err());
    }
}
