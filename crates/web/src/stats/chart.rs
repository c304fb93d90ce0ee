//! Bar charts drawn on the server as SVG: no script, no CDN, and they scale with the page
//! (a `viewBox`, no fixed width), so a phone shows the same chart narrower. Each chart is
//! followed on the page by a table of its numbers, which is what a screen reader reads; the
//! SVG itself is one labelled image. Written here rather than with a plotting crate: a few
//! rectangles and labels, escaped by the template, do not need one.

/// One group of bars (a month): the label and a value per series.
#[derive(Debug)]
pub struct Group {
    pub label: String,
    pub values: Vec<i64>,
}

/// A series: its name and its colour class (see `.chart-s0` … in the stylesheet).
#[derive(Debug)]
pub struct Series {
    pub name: String,
}

/// A rectangle or a label, ready for the template.
#[derive(Debug)]
pub struct Bar {
    pub x: i64,
    pub y: i64,
    pub w: i64,
    pub h: i64,
    pub series: usize,
    pub title: String,
}

#[derive(Debug)]
pub struct Label {
    pub x: i64,
    pub text: String,
}

#[derive(Debug)]
pub struct Chart {
    pub width: i64,
    pub height: i64,
    pub bars: Vec<Bar>,
    pub labels: Vec<Label>,
    pub series: Vec<Series>,
    pub max: i64,
    /// The y of the top grid line and its value.
    pub top_y: i64,
}

const PLOT_HEIGHT: i64 = 160;
const TOP: i64 = 16;
const BAR: i64 = 12;
const GAP: i64 = 14;

impl Chart {
    /// Side-by-side bars per group.
    #[must_use]
    pub fn bars(groups: &[Group], series: Vec<Series>) -> Self {
        let max = groups
            .iter()
            .flat_map(|g| g.values.iter().copied())
            .max()
            .unwrap_or(0)
            .max(1);
        let n = i64::try_from(series.len()).unwrap_or(1);
        let group_width = n * BAR + GAP;
        let mut bars = Vec::new();
        let mut labels = Vec::new();
        for (gi, g) in groups.iter().enumerate() {
            let x0 = 8 + i64::try_from(gi).unwrap_or(0) * group_width;
            for (si, v) in g.values.iter().enumerate() {
                let h = v * PLOT_HEIGHT / max;
                bars.push(Bar {
                    x: x0 + i64::try_from(si).unwrap_or(0) * BAR,
                    y: TOP + PLOT_HEIGHT - h,
                    w: BAR - 2,
                    h,
                    series: si,
                    title: format!(
                        "{} — {}: {v}",
                        g.label,
                        series.get(si).map_or("", |s| s.name.as_str())
                    ),
                });
            }
            labels.push(Label {
                x: x0 + n * BAR / 2,
                text: g.label.clone(),
            });
        }
        let groups_n = i64::try_from(groups.len()).unwrap_or(0);
        Self {
            width: (16 + groups_n * group_width).max(120),
            height: TOP + PLOT_HEIGHT + 22,
            bars,
            labels,
            series,
            max,
            top_y: TOP,
        }
    }

    /// Where the axis labels sit.
    #[must_use]
    pub fn label_y(&self) -> i64 {
        TOP + PLOT_HEIGHT + 16
    }

    #[must_use]
    pub fn base_y(&self) -> i64 {
        TOP + PLOT_HEIGHT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tallest_bar_fills_the_plot_and_others_scale() {
        let c = Chart::bars(
            &[
                Group {
                    label: "01".into(),
                    values: vec![10, 5],
                },
                Group {
                    label: "02".into(),
                    values: vec![0, 20],
                },
            ],
            vec![Series { name: "a".into() }, Series { name: "b".into() }],
        );
        let heights: Vec<i64> = c.bars.iter().map(|b| b.h).collect();
        assert_eq!(heights, vec![80, 40, 0, 160]);
        assert_eq!(c.bars[3].y, c.top_y);
        assert_eq!(c.labels.len(), 2);
    }
}
