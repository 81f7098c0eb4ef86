//! Risk matrices (ISO 14971) as standalone SVG 1.1 heat maps.
//!
//! Severity runs along the x axis (low to high, left to right) and probability along the y
//! axis (high at the top). Each cell shows how many hazards fall in it; its `<title>` (a
//! tooltip in browsers) lists their IDs and the zone. The zones differ in texture as well as
//! colour — acceptable is plain and light, AFAP (as far as possible) diagonally hatched, unacceptable dark and
//! cross-hatched with white figures — so a black-and-white print reads the same.
//!
//! The layout is computed in whole pixels from the number of levels and the length of the
//! texts alone, with fixed cell sizes, so 3×3 to 7×7 matrices look alike and the output is
//! deterministic. Text widths are estimated (no font metrics here): long level names wrap
//! onto two lines (descriptions three) and are cut with "…" beyond that; the full text stays in a tooltip.
//! Pattern ids are fixed (`medtrace-zone-*`) and identical in every matrix, so several
//! matrices can be inlined into one HTML page.

use crate::xml::{escape, is_xml_char, push_escaped};

/// A risk matrix: the severity and probability scales and, for each pair of levels, the
/// zone and the hazards that fall in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RiskMatrix {
    /// Shown above the matrix; may be empty.
    pub title: String,
    /// Severity levels, ordered from low to high (x axis, left to right).
    pub severities: Vec<Level>,
    /// Probability levels, ordered from low to high (y axis, bottom to top).
    pub probabilities: Vec<Level>,
    /// `cells[probability][severity]`, indices as in the two scales. A missing cell is
    /// drawn blank and white; cells beyond the scales are ignored.
    pub cells: Vec<Vec<Cell>>,
}

/// One level of a severity or probability scale.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Level {
    /// Short name, shown as the axis label ("Serious", "P4 Probable").
    pub name: String,
    /// Definition of the level ("≥ 1 in 1,000 uses"); shown small under the name. May be
    /// empty.
    pub description: String,
}

/// One cell of the matrix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// How the risk of this combination is judged.
    pub zone: Zone,
    /// IDs of the hazards (or hazardous situations) in this cell, in the order to list them.
    pub ids: Vec<String>,
}

/// The risk acceptability zone of a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Zone {
    /// Risk acceptable as it is.
    Acceptable,
    /// Risk to be reduced as far as possible (ISO 14971:2019; formerly ALARP).
    Afap,
    /// Risk not acceptable.
    Unacceptable,
}

impl Zone {
    /// Every zone, from the lowest risk to the highest.
    pub const ALL: [Zone; 3] = [Zone::Acceptable, Zone::Afap, Zone::Unacceptable];

    /// The zone's short name: "Acceptable", "AFAP" or "Unacceptable".
    pub fn name(self) -> &'static str {
        match self {
            Zone::Acceptable => "Acceptable",
            Zone::Afap => "AFAP",
            Zone::Unacceptable => "Unacceptable",
        }
    }

    /// The zone as the legend explains it.
    pub fn meaning(self) -> &'static str {
        match self {
            Zone::Acceptable => "Acceptable",
            Zone::Afap => "Reduce as far as possible (AFAP)",
            Zone::Unacceptable => "Unacceptable",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Zone::Acceptable => "acceptable",
            Zone::Afap => "afap",
            Zone::Unacceptable => "unacceptable",
        }
    }

    /// The fill colour under the pattern, also the fallback for renderers without patterns.
    fn base(self) -> &'static str {
        match self {
            Zone::Acceptable => "#e2f3d8",
            Zone::Afap => "#f6c94e",
            Zone::Unacceptable => "#a01c1c",
        }
    }

    fn ink(self) -> &'static str {
        match self {
            Zone::Acceptable => "#1e3d12",
            Zone::Afap => "#3b2a00",
            Zone::Unacceptable => "#ffffff",
        }
    }
}

const MARGIN: i64 = 24;
const CELL_W: i64 = 120;
const CELL_H: i64 = 76;
/// The column of the rotated y-axis title.
const Y_TITLE_W: i64 = 28;
/// The column of the probability level labels, right-aligned against the grid.
const Y_LABEL_W: i64 = 170;
const LABEL_GAP: i64 = 10;
/// The band under the grid for the severity level labels (two name lines, three
/// description lines).
const X_LABEL_H: i64 = 78;
const TITLE_FONT: i64 = 18;
const TITLE_LINE: i64 = 24;
const NAME_FONT: i64 = 12;
const NAME_LINE: i64 = 14;
const DESC_FONT: i64 = 10;
const DESC_LINE: i64 = 12;
const COUNT_FONT: i64 = 22;
const SWATCH_W: i64 = 30;
const SWATCH_H: i64 = 18;
const GRID: &str = "#3a3a3a";

/// Renders the matrix as a standalone SVG 1.1 document.
pub fn risk_matrix_svg(m: &RiskMatrix) -> String {
    let l = Layout::new(m);
    let mut out = String::with_capacity(8192 + 1024 * m.severities.len() * m.probabilities.len());
    let heading = match clean(&m.title) {
        t if t.is_empty() => "Risk matrix".to_owned(),
        t => t,
    };
    out.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n\
         <title>{title}</title>\n\
         <desc>Risk matrix: severity on the x axis ({ns} levels, low to high from left to right), \
         probability on the y axis ({np} levels, high at the top); {n} hazards.</desc>\n",
        w = l.width,
        h = l.height,
        title = escape(&heading),
        ns = m.severities.len(),
        np = m.probabilities.len(),
        n = hazard_count(m),
    ));
    push_defs(&mut out);
    out.push_str(&format!(
        "<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n",
        l.width, l.height
    ));
    for (i, line) in l.title_lines.iter().enumerate() {
        out.push_str(&format!(
            "<text class=\"title\" x=\"{MARGIN}\" y=\"{}\" font-size=\"{TITLE_FONT}\" \
             font-weight=\"bold\" fill=\"#111111\">{}</text>\n",
            MARGIN + TITLE_FONT + i as i64 * TITLE_LINE,
            escape(line)
        ));
    }
    push_cells(&mut out, m, &l);
    push_level_labels(&mut out, m, &l);
    push_axis_titles(&mut out, &l);
    push_legend(&mut out, &l);
    out.push_str("</svg>\n");
    out
}

fn hazard_count(m: &RiskMatrix) -> usize {
    (0..m.probabilities.len())
        .flat_map(|p| (0..m.severities.len()).map(move |s| (p, s)))
        .filter_map(|(p, s)| cell(m, p, s))
        .map(|c| c.ids.len())
        .sum()
}

fn cell(m: &RiskMatrix, probability: usize, severity: usize) -> Option<&Cell> {
    m.cells.get(probability)?.get(severity)
}

/// Pixel positions, all whole numbers, worked out once from the matrix's shape and texts.
struct Layout {
    width: i64,
    height: i64,
    title_lines: Vec<String>,
    ns: i64,
    np: i64,
    plot_x: i64,
    plot_y: i64,
    legend_x: i64,
    legend_y: i64,
}

impl Layout {
    fn new(m: &RiskMatrix) -> Layout {
        let ns = m.severities.len() as i64;
        let np = m.probabilities.len() as i64;
        let plot_x = MARGIN + Y_TITLE_W + Y_LABEL_W;
        let plot_w = ns * CELL_W;
        let base_width = plot_x + plot_w + MARGIN;
        let legend_w = legend_width();
        let legend_x = if plot_x + legend_w + MARGIN <= base_width {
            plot_x
        } else {
            MARGIN.max(base_width - MARGIN - legend_w)
        };
        let width = base_width.max(legend_x + legend_w + MARGIN);
        let title_chars = chars_in(width - 2 * MARGIN, TITLE_FONT, true);
        let title_lines = wrap(&clean(&m.title), title_chars, 2);
        let title_h = if title_lines.is_empty() {
            0
        } else {
            title_lines.len() as i64 * TITLE_LINE + 16
        };
        let plot_y = MARGIN + title_h;
        let legend_y = plot_y + np * CELL_H + X_LABEL_H + 40;
        Layout {
            width,
            height: legend_y + SWATCH_H + MARGIN,
            title_lines,
            ns,
            np,
            plot_x,
            plot_y,
            legend_x,
            legend_y,
        }
    }

    /// Top edge of the grid row of probability level `p` (the highest level is the top row).
    fn row_y(&self, p: usize) -> i64 {
        self.plot_y + (self.np - 1 - p as i64) * CELL_H
    }

    fn col_x(&self, s: usize) -> i64 {
        self.plot_x + s as i64 * CELL_W
    }

    fn plot_bottom(&self) -> i64 {
        self.plot_y + self.np * CELL_H
    }
}

fn push_defs(out: &mut String) {
    let hatch = Zone::Afap;
    let cross = Zone::Unacceptable;
    out.push_str(&format!(
        "<defs>\n\
         <pattern id=\"medtrace-zone-acceptable\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">\
         <rect width=\"8\" height=\"8\" fill=\"{plain}\"/></pattern>\n\
         <pattern id=\"medtrace-zone-afap\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"10\" height=\"10\" fill=\"{hatch}\"/>\
         <rect width=\"2\" height=\"10\" fill=\"#8a6300\"/></pattern>\n\
         <pattern id=\"medtrace-zone-unacceptable\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"7\" height=\"7\" fill=\"{cross}\"/>\
         <rect width=\"2\" height=\"7\" fill=\"#5a0a0a\"/><rect width=\"7\" height=\"2\" fill=\"#5a0a0a\"/></pattern>\n\
         </defs>\n",
        plain = Zone::Acceptable.base(),
        hatch = hatch.base(),
        cross = cross.base(),
    ));
}

fn fill(zone: Zone) -> String {
    format!("url(#medtrace-zone-{}) {}", zone.slug(), zone.base())
}

fn push_cells(out: &mut String, m: &RiskMatrix, l: &Layout) {
    for p in (0..m.probabilities.len()).rev() {
        for s in 0..m.severities.len() {
            let place = format!(
                "Severity: {}; probability: {}",
                clean(&m.severities[s].name),
                clean(&m.probabilities[p].name)
            );
            push_cell(out, cell(m, p, s), &place, l.col_x(s), l.row_y(p));
        }
    }
    // The outer frame, drawn over the cell edges so it is one even line.
    out.push_str(&format!(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#111111\" \
         stroke-width=\"2\"/>\n",
        l.plot_x,
        l.plot_y,
        l.ns * CELL_W,
        l.np * CELL_H
    ));
}

/// One cell with its top left corner at (`x`, `y`): a group whose first child, the
/// `<title>`, is the tooltip for the whole cell.
fn push_cell(out: &mut String, c: Option<&Cell>, place: &str, x: i64, y: i64) {
    let Some(c) = c else {
        out.push_str(&format!(
            "<g class=\"cell zone-none\"><title>{} (no zone given)</title>\
             <rect x=\"{x}\" y=\"{y}\" width=\"{CELL_W}\" height=\"{CELL_H}\" fill=\"#ffffff\" \
             stroke=\"{GRID}\"/></g>\n",
            escape(place)
        ));
        return;
    };
    let (zone, n) = (c.zone, c.ids.len());
    let mut tip = format!("{} — {place}\n", zone.name());
    match n {
        0 => tip.push_str("no hazards"),
        1 => tip.push_str("1 hazard: "),
        _ => tip.push_str(&format!("{n} hazards: ")),
    }
    tip.push_str(&c.ids.join(", "));
    out.push_str(&format!(
        "<g class=\"cell zone-{slug}\"><title>{tip}</title>\
         <rect x=\"{x}\" y=\"{y}\" width=\"{CELL_W}\" height=\"{CELL_H}\" fill=\"{fill}\" \
         stroke=\"{GRID}\"/>",
        slug = zone.slug(),
        tip = escape(&tip),
        fill = fill(zone),
    ));
    let (cx, cy) = (x + CELL_W / 2, y + CELL_H / 2);
    let label = if n == 0 {
        "–".to_owned()
    } else {
        n.to_string()
    };
    if zone != Zone::Acceptable {
        // A plain badge under the figure, so the hatching never runs through it.
        let w = 14 * label.chars().count() as i64 + 18;
        out.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{w}\" height=\"32\" rx=\"5\" fill=\"{}\"/>",
            cx - w / 2,
            cy - 16,
            zone.base()
        ));
    }
    let (size, weight) = if n == 0 {
        (18, "normal")
    } else {
        (COUNT_FONT, "bold")
    };
    out.push_str(&format!(
        "<text class=\"count\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{size}\" \
         font-weight=\"{weight}\" fill=\"{}\">{label}</text></g>\n",
        cy + size * 7 / 20,
        zone.ink(),
    ));
}

/// Which way a block of label lines is aligned against its anchor point.
#[derive(Clone, Copy)]
enum Anchor {
    /// Right-aligned, vertically centred (probability labels, left of the grid).
    End,
    /// Centred horizontally, hanging from the anchor (severity labels, under the grid).
    Middle,
}

fn push_level_labels(out: &mut String, m: &RiskMatrix, l: &Layout) {
    let y_width = Y_LABEL_W - LABEL_GAP;
    for (p, level) in m.probabilities.iter().enumerate() {
        let x = l.plot_x - LABEL_GAP;
        let cy = l.row_y(p) + CELL_H / 2;
        push_level(out, "probability", level, x, cy, y_width, Anchor::End);
    }
    for (s, level) in m.severities.iter().enumerate() {
        let x = l.col_x(s) + CELL_W / 2;
        push_level(
            out,
            "severity",
            level,
            x,
            l.plot_bottom() + 8,
            CELL_W - 8,
            Anchor::Middle,
        );
    }
}

/// One level's label: its name in up to two bold lines and its description in up to three
/// small grey lines, with the full text as a tooltip.
fn push_level(out: &mut String, axis: &str, level: &Level, x: i64, y: i64, w: i64, a: Anchor) {
    let (name, desc) = (clean(&level.name), clean(&level.description));
    let mut tip = name.clone();
    if !desc.is_empty() {
        tip.push_str(": ");
        tip.push_str(&desc);
    }
    let name = wrap(&name, chars_in(w, NAME_FONT, true), 2);
    let desc = wrap(&desc, chars_in(w, DESC_FONT, false), 3);
    let gap = if name.is_empty() || desc.is_empty() {
        0
    } else {
        3
    };
    let block = name.len() as i64 * NAME_LINE + gap + desc.len() as i64 * DESC_LINE;
    let top = match a {
        Anchor::End => y - block / 2,
        Anchor::Middle => y,
    };
    let anchor = match a {
        Anchor::End => "end",
        Anchor::Middle => "middle",
    };
    out.push_str(&format!("<g class=\"{axis}-level\"><title>"));
    push_escaped(out, &tip);
    out.push_str("</title>");
    for (i, line) in name.iter().enumerate() {
        out.push_str(&format!(
            "<text x=\"{x}\" y=\"{}\" text-anchor=\"{anchor}\" font-size=\"{NAME_FONT}\" \
             font-weight=\"bold\" fill=\"#1a1a1a\">{}</text>",
            top + 11 + i as i64 * NAME_LINE,
            escape(line)
        ));
    }
    let desc_top = top + name.len() as i64 * NAME_LINE + gap;
    for (i, line) in desc.iter().enumerate() {
        out.push_str(&format!(
            "<text x=\"{x}\" y=\"{}\" text-anchor=\"{anchor}\" font-size=\"{DESC_FONT}\" \
             fill=\"#555555\">{}</text>",
            desc_top + 9 + i as i64 * DESC_LINE,
            escape(line)
        ));
    }
    out.push_str("</g>\n");
}

fn push_axis_titles(out: &mut String, l: &Layout) {
    let x = l.plot_x + l.ns * CELL_W / 2;
    let y = l.plot_bottom() + X_LABEL_H + 16;
    out.push_str(&format!(
        "<text class=\"axis-title\" x=\"{x}\" y=\"{y}\" text-anchor=\"middle\" font-size=\"14\" \
         font-weight=\"bold\" fill=\"#111111\">Severity →</text>\n"
    ));
    let x = MARGIN + 16;
    let y = l.plot_y + l.np * CELL_H / 2;
    out.push_str(&format!(
        "<text class=\"axis-title\" x=\"{x}\" y=\"{y}\" transform=\"rotate(-90 {x} {y})\" \
         text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\" fill=\"#111111\">\
         Probability →</text>\n"
    ));
}

const LEGEND_TEXT_GAP: i64 = 8;
const LEGEND_ITEM_GAP: i64 = 28;

fn legend_width() -> i64 {
    let items: i64 = Zone::ALL
        .iter()
        .map(|z| SWATCH_W + LEGEND_TEXT_GAP + text_px(z.meaning(), NAME_FONT, false))
        .sum();
    items + LEGEND_ITEM_GAP * (Zone::ALL.len() as i64 - 1)
}

fn push_legend(out: &mut String, l: &Layout) {
    out.push_str("<g class=\"legend\">");
    let mut x = l.legend_x;
    let y = l.legend_y;
    for zone in Zone::ALL {
        out.push_str(&format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{SWATCH_W}\" height=\"{SWATCH_H}\" fill=\"{}\" \
             stroke=\"{GRID}\"/><text x=\"{}\" y=\"{}\" font-size=\"{NAME_FONT}\" fill=\"#1a1a1a\">{}</text>",
            fill(zone),
            x + SWATCH_W + LEGEND_TEXT_GAP,
            y + 13,
            escape(zone.meaning())
        ));
        x += SWATCH_W
            + LEGEND_TEXT_GAP
            + text_px(zone.meaning(), NAME_FONT, false)
            + LEGEND_ITEM_GAP;
    }
    out.push_str("</g>\n");
}

/// `text` without characters XML cannot hold and without surrounding white space.
fn clean(text: &str) -> String {
    let kept: String = text.chars().filter(|&c| is_xml_char(c)).collect();
    kept.trim().to_owned()
}

/// Estimated width of `text` in pixels: no font metrics here, so an average advance of
/// 0.55 em (0.62 em bold), a little wider than DejaVu Sans, Helvetica and Arial set mixed
/// text, so that wrapped lines do not overflow.
fn text_px(text: &str, font: i64, bold: bool) -> i64 {
    let per_mille = if bold { 620 } else { 550 };
    (text.chars().count() as i64 * font * per_mille + 999) / 1000
}

/// How many characters fit in `px` pixels, by the estimate of [`text_px`].
fn chars_in(px: i64, font: i64, bold: bool) -> usize {
    let per_mille = if bold { 620 } else { 550 };
    usize::try_from(px * 1000 / (font * per_mille))
        .unwrap_or(0)
        .max(1)
}

/// Splits `text` into at most `max_lines` lines of at most `width` characters, breaking at
/// white space (and inside words longer than a line), and ends the last line with "…" when
/// text is left over. Empty text gives no lines.
pub(crate) fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let width = width.max(2);
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        if len > 0 && len + 1 + word.len() <= width {
            current.push(' ');
            current.extend(&word);
            len += 1 + word.len();
            continue;
        }
        if len > 0 {
            lines.push(std::mem::take(&mut current));
        }
        while word.len() > width {
            let rest = word.split_off(width);
            lines.push(word.into_iter().collect());
            word = rest;
        }
        len = word.len();
        current = word.into_iter().collect();
        if lines.len() > max_lines {
            break;
        }
    }
    if len > 0 {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let mut chars: Vec<char> = last.chars().collect();
            chars.truncate(width - 1);
            while chars.last() == Some(&' ') {
                chars.pop();
            }
            chars.push('…');
            *last = chars.into_iter().collect();
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_and_marks_the_cut() {
        assert_eq!(wrap("", 10, 2), Vec::<String>::new());
        assert_eq!(wrap("Negligible", 10, 2), ["Negligible"]);
        assert_eq!(
            wrap("Frequent: more than once", 10, 2),
            ["Frequent:", "more than…"]
        );
        assert_eq!(wrap("a b c", 10, 2), ["a b c"]);
        assert_eq!(wrap("abcdefghijkl", 6, 2), ["abcdef", "ghijkl"]);
        assert_eq!(wrap("abcdefghijklmnopq", 6, 2), ["abcdef", "ghijk…"]);
        assert_eq!(wrap("one two three four", 9, 2), ["one two", "three…"]);
        assert_eq!(wrap("one two three", 9, 2), ["one two", "three"]);
    }
}
