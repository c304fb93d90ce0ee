//! Cutting a picture's metadata out of its file without decoding it: what is kept is what a
//! decoder needs to draw the picture (and its colour profile); everything else, and anything
//! after the picture's end, is dropped.
//!
//! Written here rather than taken from a container crate because the part that matters for
//! privacy is the part such crates leave alone: a phone's JPEG carries a second picture (a depth
//! map, a gain map, a thumbnail) after the first one's end marker, with its own EXIF block and
//! GPS position, and progressive JPEGs may carry APP segments between their scans. Both are
//! handled by walking every marker up to the first end-of-image and cutting there.

/// Why a file could not be walked: it is cut short or not the format it claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Malformed;

/// The JPEG without its APP segments (but the JFIF header, the ICC profile and Adobe's colour
/// transform flag), its comments, and whatever follows its end-of-image marker.
pub fn jpeg(b: &[u8]) -> Result<Vec<u8>, Malformed> {
    if b.get(..2) != Some(&[0xFF, 0xD8]) {
        return Err(Malformed);
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&b[..2]);
    let mut pos = 2;
    loop {
        // A marker is 0xFF, possibly padded with more 0xFF, then its code.
        if *b.get(pos).ok_or(Malformed)? != 0xFF {
            return Err(Malformed);
        }
        while b.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let code = *b.get(pos).ok_or(Malformed)?;
        pos += 1;
        match code {
            0xD9 => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Ok(out);
            }
            // Markers without a length: restarts and TEM.
            0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&[0xFF, code]);
                continue;
            }
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([
            *b.get(pos).ok_or(Malformed)?,
            *b.get(pos + 1).ok_or(Malformed)?,
        ]));
        if len < 2 {
            return Err(Malformed);
        }
        let body = b.get(pos + 2..pos + len).ok_or(Malformed)?;
        if keep_jpeg_segment(code, body) {
            out.extend_from_slice(&[0xFF, code]);
            out.extend_from_slice(&b[pos..pos + len]);
        }
        pos += len;
        if code == 0xDA {
            // Entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a
            // restart; the loop above then reads that marker.
            let start = pos;
            loop {
                let ff = b
                    .get(pos..)
                    .ok_or(Malformed)?
                    .iter()
                    .position(|&x| x == 0xFF);
                let Some(ff) = ff else {
                    return Err(Malformed);
                };
                let next = *b.get(pos + ff + 1).ok_or(Malformed)?;
                if next == 0x00 || (0xD0..=0xD7).contains(&next) {
                    pos += ff + 2;
                } else {
                    pos += ff;
                    break;
                }
            }
            out.extend_from_slice(&b[start..pos]);
        }
    }
}

fn keep_jpeg_segment(code: u8, body: &[u8]) -> bool {
    match code {
        0xE0 => body.starts_with(b"JFIF\0"),
        0xE2 => body.starts_with(b"ICC_PROFILE\0"),
        0xEE => body.starts_with(b"Adobe"),
        // The other APP segments (EXIF, XMP, IPTC, maker data, multi-picture indexes) and
        // comments.
        0xE1..=0xEF | 0xFE => false,
        _ => true,
    }
}

/// PNG chunks a decoder needs, or that say how to show the colours; text, EXIF, time and
/// everything unknown are dropped, and so is anything after `IEND`.
const PNG_KEPT: [&[u8; 4]; 11] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB",
    b"cICP",
];

/// The PNG with only the chunks in [`PNG_KEPT`].
pub fn png(b: &[u8]) -> Result<Vec<u8>, Malformed> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !b.starts_with(SIGNATURE) {
        return Err(Malformed);
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(SIGNATURE);
    let mut pos = SIGNATURE.len();
    loop {
        let head = b.get(pos..pos + 8).ok_or(Malformed)?;
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]);
        let len = usize::try_from(len).map_err(|_| Malformed)?;
        let kind = &head[4..8];
        let end = pos.checked_add(12 + len).ok_or(Malformed)?;
        let chunk = b.get(pos..end).ok_or(Malformed)?;
        if PNG_KEPT.iter().any(|k| k.as_slice() == kind) {
            out.extend_from_slice(chunk);
        }
        if kind == b"IEND" {
            return Ok(out);
        }
        pos = end;
    }
}

/// The WebP without its `EXIF` and `XMP ` chunks (their flags cleared in `VP8X`) and without
/// chunks this version of the format does not define.
pub fn webp(b: &[u8]) -> Result<Vec<u8>, Malformed> {
    if b.get(..4) != Some(b"RIFF") || b.get(8..12) != Some(b"WEBP") {
        return Err(Malformed);
    }
    let declared = u32::from_le_bytes([b[4], b[5], b[6], b[7]]);
    let end = usize::try_from(declared)
        .ok()
        .and_then(|n| n.checked_add(8))
        .filter(|&n| n <= b.len())
        .ok_or(Malformed)?;
    let mut body = Vec::with_capacity(end);
    body.extend_from_slice(b"WEBP");
    let mut pos = 12;
    while pos < end {
        let head = b.get(pos..pos + 8).ok_or(Malformed)?;
        let len = usize::try_from(u32::from_le_bytes([head[4], head[5], head[6], head[7]]))
            .map_err(|_| Malformed)?;
        let padded = len + (len & 1);
        let chunk_end = pos.checked_add(8 + padded).ok_or(Malformed)?;
        let chunk = b.get(pos..chunk_end.min(end)).ok_or(Malformed)?;
        match &head[..4] {
            b"VP8X" => {
                let mut c = chunk.to_vec();
                // Flags: bit 3 says EXIF follows, bit 2 XMP; neither will.
                if let Some(flags) = c.get_mut(8) {
                    *flags &= !0b0000_1100;
                }
                body.extend_from_slice(&c);
            }
            b"VP8 " | b"VP8L" | b"ALPH" | b"ANIM" | b"ANMF" | b"ICCP" => {
                body.extend_from_slice(chunk);
            }
            _ => {}
        }
        pos = chunk_end;
    }
    let size = u32::try_from(body.len()).map_err(|_| Malformed)?;
    let mut out = Vec::with_capacity(body.len() + 8);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&body);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(code: u8, body: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, code];
        s.extend_from_slice(&u16::try_from(body.len() + 2).unwrap().to_be_bytes());
        s.extend_from_slice(body);
        s
    }

    fn encoded_jpeg() -> Vec<u8> {
        let img = image::RgbImage::from_fn(40, 30, |x, y| {
            image::Rgb([(x * 6) as u8, (y * 8) as u8, 120])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut out)
            .encode_image(&img)
            .unwrap();
        out
    }

    fn find(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_jpeg_loses_exif_xmp_comments_and_the_picture_after_its_end_but_still_decodes() {
        let plain = encoded_jpeg();
        let mut phone = plain[..2].to_vec();
        phone.extend(segment(0xE1, b"Exif\0\0GPSLatitude 9.28"));
        phone.extend(segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>"));
        phone.extend(segment(0xE2, b"MPF\0offsets"));
        phone.extend(segment(0xFE, b"Shot on CameraPhone"));
        phone.extend_from_slice(&plain[2..]);
        // A second picture after the end, as phones append a depth or gain map.
        phone.extend_from_slice(&plain[..2]);
        phone.extend(segment(0xE1, b"Exif\0\0GPSLongitude 105.72"));
        phone.extend_from_slice(&plain[2..]);

        let out = jpeg(&phone).unwrap();
        for gone in [&b"GPS"[..], b"xmpmeta", b"MPF", b"CameraPhone"] {
            assert!(!find(&out, gone), "{}", String::from_utf8_lossy(gone));
        }
        assert!(out.ends_with(&[0xFF, 0xD9]));
        assert_eq!(out.len(), plain.len(), "exactly the plain picture is left");
        let img = image::load_from_memory(&out).unwrap();
        assert_eq!((img.width(), img.height()), (40, 30));
    }

    #[test]
    fn a_truncated_or_foreign_file_is_malformed() {
        let plain = encoded_jpeg();
        assert_eq!(jpeg(&plain[..plain.len() / 2]), Err(Malformed));
        assert_eq!(jpeg(b"GIF89a"), Err(Malformed));
        assert_eq!(png(b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR"), Err(Malformed));
        assert_eq!(webp(b"RIFF\xff\xff\0\0WEBP"), Err(Malformed));
    }

    #[test]
    fn a_png_keeps_its_picture_and_loses_text_and_exif() {
        let img = image::RgbImage::from_fn(8, 8, |x, _| image::Rgb([x as u8 * 30, 0, 0]));
        let mut plain = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(
                &mut std::io::Cursor::new(&mut plain),
                image::ImageFormat::Png,
            )
            .unwrap();
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut c = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
            c.extend_from_slice(kind);
            c.extend_from_slice(data);
            c.extend_from_slice(&[0, 0, 0, 0]);
            c
        };
        // After the signature and IHDR (8 + 25 bytes).
        let mut phone = plain[..33].to_vec();
        phone.extend(chunk(b"tEXt", b"Author\0Nguyen Van A"));
        phone.extend(chunk(b"eXIf", b"MM\0*GPSLatitude"));
        phone.extend_from_slice(&plain[33..]);
        phone.extend_from_slice(b"trailing GPS");
        let out = png(&phone).unwrap();
        assert_eq!(out, plain);
    }

    #[test]
    fn a_webp_loses_its_exif_and_xmp_chunks_and_their_flags() {
        let chunk = |id: &[u8], data: &[u8]| {
            let mut c = id.to_vec();
            c.extend_from_slice(&u32::try_from(data.len()).unwrap().to_le_bytes());
            c.extend_from_slice(data);
            if data.len() % 2 == 1 {
                c.push(0);
            }
            c
        };
        let mut body = b"WEBP".to_vec();
        body.extend(chunk(b"VP8X", &[0b0000_1100, 0, 0, 0, 7, 0, 0, 7, 0, 0]));
        body.extend(chunk(b"VP8L", b"pixels"));
        body.extend(chunk(b"EXIF", b"GPSLatitude"));
        body.extend(chunk(b"XMP ", b"<x:xmpmeta/>"));
        let mut file = b"RIFF".to_vec();
        file.extend_from_slice(&u32::try_from(body.len()).unwrap().to_le_bytes());
        file.extend(body);
        let out = webp(&file).unwrap();
        assert!(!find(&out, b"GPS") && !find(&out, b"xmpmeta"));
        assert!(find(&out, b"pixels"));
        assert_eq!(out[20], 0, "the EXIF and XMP flags are cleared");
        assert_eq!(
            usize::try_from(u32::from_le_bytes([out[4], out[5], out[6], out[7]])).unwrap(),
            out.len() - 8
        );
    }
}
