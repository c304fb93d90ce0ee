//! The embedded fonts cover Vietnamese: every precomposed letter, in every shipped style. The
//! coverage checked is the one typst builds from each font's `cmap` when it loads the font.

use motcua_forms::FormRenderer;

/// The 67 lowercase letters Vietnamese writes with a diacritic (the toned vowels, ă â ê ô ơ ư,
/// and đ); with their capitals, the 134 the forms may print.
const LOWER: &str = "àáảãạ ăằắẳẵặ âầấẩẫậ èéẻẽẹ êềếểễệ ìíỉĩị òóỏõọ ôồốổỗộ ơờớởỡợ ùúủũụ ưừứửữự \
                     ỳýỷỹỵ đ";

fn letters() -> Vec<char> {
    let lower: Vec<char> = LOWER.chars().filter(|c| !c.is_whitespace()).collect();
    let upper: Vec<char> = lower.iter().flat_map(|c| c.to_uppercase()).collect();
    lower.into_iter().chain(upper).collect()
}

#[test]
fn the_letter_list_is_complete() {
    let all = letters();
    assert_eq!(all.len(), 134);
    let unique: std::collections::BTreeSet<_> = all.iter().collect();
    assert_eq!(unique.len(), 134);
}

#[test]
fn every_font_maps_every_vietnamese_letter_and_the_form_punctuation() {
    let renderer = FormRenderer::shipped();
    let fonts = renderer.fonts();
    assert_eq!(fonts.len(), 3, "regular, bold and italic");
    let mut styles = Vec::new();
    for font in fonts {
        let info = font.info();
        assert_eq!(info.family, "Liberation Serif");
        styles.push((
            info.variant.weight.to_number(),
            format!("{:?}", info.variant.style),
        ));
        let missing: String = letters()
            .into_iter()
            .chain("…–“”".chars())
            .filter(|c| !info.coverage.contains(u32::from(*c)))
            .collect();
        assert!(missing.is_empty(), "{:?} lacks {missing}", info.variant);
    }
    styles.sort();
    assert_eq!(
        styles,
        [
            (400, "Italic".to_string()),
            (400, "Normal".to_string()),
            (700, "Normal".to_string())
        ]
    );
}
