//! An article's body: Markdown in, safe HTML out.
//!
//! Two steps, each enough alone for most input and together for all: the Markdown is parsed
//! with raw HTML turned into text and images dropped (an article's pictures are uploaded, with
//! their captions and credits, not linked from elsewhere); the HTML produced is then cut by
//! `ammonia` to a list of tags and attributes, links to `http`, `https`, `mailto` and `tel`
//! only, each marked `nofollow noopener noreferrer`. Headings start at level 2: the page's
//! title is its one `h1`.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The tags an article's body may keep.
const TAGS: &[&str] = &[
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "del",
    "blockquote",
    "ul",
    "ol",
    "li",
    "code",
    "pre",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        other => other,
    }
}

/// Renders `markdown` to HTML that can be put in a page as it is.
#[must_use]
pub fn render(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        // Markup typed into the text is shown as typed.
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        // An image's alt text stays, as text.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Some(Event::Start(Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(demote(level)))),
        Event::FootnoteReference(name) => Some(Event::Text(CowStr::from(format!("[{name}]")))),
        other => Some(other),
    });
    let mut html = String::with_capacity(markdown.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut html, events);
    ammonia::Builder::empty()
        .add_tags(TAGS)
        .add_tag_attributes("a", &["href"])
        .add_tag_attributes("ol", &["start"])
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .link_rel(Some("nofollow noopener noreferrer"))
        .clean(&html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_becomes_html() {
        let html = render("# Tiêu đề\n\nMột **đậm** và *nghiêng*.\n\n- một\n- hai\n");
        assert!(html.contains("<h2>Tiêu đề</h2>"), "{html}");
        assert!(html.contains("<strong>đậm</strong>"));
        assert!(html.contains("<ul>\n<li>một</li>"));
    }

    #[test]
    fn script_and_markup_are_shown_as_text() {
        let html = render("Trước <script>alert(1)</script> sau\n\n<img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
    }

    #[test]
    fn only_safe_links_are_kept_and_each_is_marked() {
        let html =
            render("[a](javascript:alert(1)) [b](https://baclieu.gov.vn) [c](data:text/html,x)");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(
            html.contains(
                r#"<a href="https://baclieu.gov.vn" rel="nofollow noopener noreferrer">b</a>"#
            ),
            "{html}"
        );
    }

    #[test]
    fn images_keep_their_alt_text_only() {
        let html = render("![Ảnh hội nghị](https://example.com/x.jpg)");
        assert_eq!(html.trim(), "<p>Ảnh hội nghị</p>");
    }

    #[test]
    fn tables_lose_their_inline_style() {
        let html = render("| a | b |\n|:-|-:|\n| 1 | 2 |\n");
        assert!(html.contains("<table>"), "{html}");
        assert!(!html.contains("style"), "{html}");
    }
}
