//! The risk-matrix SVG: well-formed, one cell per pair of levels with the right count,
//! tooltip and zone pattern, escaped text, the same bytes on every call, and the same
//! geometry from 3×3 to 7×7.

use medtrace_render::{Cell, Level, RiskMatrix, Zone, risk_matrix_svg};

use crate::dom::{Element, parse};

fn level(name: &str, description: &str) -> Level {
    Level {
        name: name.to_owned(),
        description: description.to_owned(),
    }
}

fn zone_of(p: usize, s: usize, n: usize) -> Zone {
    match (p + s) * 3 / (2 * n - 1) {
        0 => Zone::Acceptable,
        1 => Zone::Afap,
        _ => Zone::Unacceptable,
    }
}

/// An n×n matrix whose cell (p, s) holds `(p + 2s) % 4` hazards `H-p-s-k`.
fn matrix(n: usize) -> RiskMatrix {
    RiskMatrix {
        title: format!("{n}×{n} risk matrix"),
        severities: (0..n)
            .map(|i| level(&format!("S{i}"), &format!("severity {i}")))
            .collect(),
        probabilities: (0..n).map(|i| level(&format!("P{i}"), "")).collect(),
        cells: (0..n)
            .map(|p| {
                (0..n)
                    .map(|s| Cell {
                        zone: zone_of(p, s, n),
                        ids: (0..(p + 2 * s) % 4)
                            .map(|k| format!("H-{p}-{s}-{k}"))
                            .collect(),
                    })
                    .collect()
            })
            .collect(),
    }
}

fn has_class(e: &Element, class: &str) -> bool {
    e.attr("class")
        .is_some_and(|c| c.split(' ').any(|c| c == class))
}

/// The cell groups in document order: top row (highest probability) first, left to right.
fn cells(svg: &Element) -> Vec<&Element> {
    svg.all("g")
        .into_iter()
        .filter(|g| has_class(g, "cell"))
        .collect()
}

fn num(e: &Element, attr: &str) -> i64 {
    let v = e
        .attr(attr)
        .unwrap_or_else(|| panic!("<{}> has no {attr}", e.name));
    v.parse()
        .unwrap_or_else(|_| panic!("{attr}={v:?} is not an integer"))
}

#[test]
fn is_a_standalone_svg_document() {
    let text = risk_matrix_svg(&matrix(5));
    let svg = parse(&text, "the SVG");
    assert_eq!(svg.name, "svg");
    assert_eq!(svg.attr("xmlns"), Some("http://www.w3.org/2000/svg"));
    assert_eq!(svg.attr("version"), Some("1.1"));
    let (w, h) = (num(&svg, "width"), num(&svg, "height"));
    assert_eq!(svg.attr("viewBox"), Some(format!("0 0 {w} {h}").as_str()));
    assert_eq!(
        svg.elements().next().map(|e| e.name.as_str()),
        Some("title")
    );
    assert_eq!(svg.first("title").text(), "5×5 risk matrix");
    // The title is also drawn.
    let drawn: Vec<String> = svg
        .all("text")
        .into_iter()
        .filter(|t| has_class(t, "title"))
        .map(Element::text)
        .collect();
    assert_eq!(drawn, ["5×5 risk matrix"]);
}

#[test]
fn every_cell_shows_its_count_ids_and_zone() {
    let n = 5;
    let m = matrix(n);
    let svg = parse(&risk_matrix_svg(&m), "the SVG");
    let cells = cells(&svg);
    assert_eq!(cells.len(), n * n);
    for (i, g) in cells.iter().enumerate() {
        let (p, s) = (n - 1 - i / n, i % n);
        let cell = &m.cells[p][s];
        let slug = match cell.zone {
            Zone::Acceptable => "acceptable",
            Zone::Afap => "afap",
            Zone::Unacceptable => "unacceptable",
        };
        assert!(
            has_class(g, &format!("zone-{slug}")),
            "cell {p},{s}: {:?}",
            g.attr("class")
        );
        // The tooltip is the group's first child, so browsers show it for the whole cell.
        let title = g
            .elements()
            .next()
            .filter(|e| e.name == "title")
            .expect("a <title> first");
        let tip = title.text();
        assert!(tip.contains(cell.zone.name()), "{tip}");
        assert!(
            tip.contains(&format!("Severity: S{s}; probability: P{p}")),
            "{tip}"
        );
        for id in &cell.ids {
            assert!(tip.contains(id.as_str()), "{tip} lacks {id}");
        }
        let count = g
            .all("text")
            .into_iter()
            .find(|t| has_class(t, "count"))
            .expect("a count");
        let expected = if cell.ids.is_empty() {
            "–".to_owned()
        } else {
            cell.ids.len().to_string()
        };
        assert_eq!(count.text(), expected, "cell {p},{s}");
        let rect = g.first("rect");
        assert!(
            rect.attr("fill")
                .is_some_and(|f| f.starts_with(&format!("url(#medtrace-zone-{slug})"))),
            "cell {p},{s} fill {:?}",
            rect.attr("fill")
        );
    }
}

#[test]
fn zones_have_patterns_and_a_legend() {
    let svg = parse(&risk_matrix_svg(&matrix(3)), "the SVG");
    let defs = svg.first("defs");
    let patterns = defs.all("pattern");
    let ids: Vec<&str> = patterns.iter().filter_map(|p| p.attr("id")).collect();
    assert_eq!(
        ids,
        [
            "medtrace-zone-acceptable",
            "medtrace-zone-afap",
            "medtrace-zone-unacceptable"
        ]
    );
    // The texture differs, not only the colour: plain, one set of stripes, two crossed sets.
    let stripes: Vec<usize> = patterns.iter().map(|p| p.all("rect").len() - 1).collect();
    assert_eq!(stripes, [0, 1, 2]);
    let legend = svg
        .all("g")
        .into_iter()
        .find(|g| has_class(g, "legend"))
        .expect("a legend");
    assert_eq!(legend.all("rect").len(), 3);
    let text = legend.text();
    for zone in Zone::ALL {
        assert!(text.contains(zone.meaning()), "{text}");
    }
    assert!(text.contains("Reduce as far as possible"));
}

#[test]
fn the_same_matrix_gives_the_same_bytes() {
    let m = matrix(7);
    let a = risk_matrix_svg(&m);
    let b = risk_matrix_svg(&m.clone());
    assert_eq!(a, b);
    // No fractional coordinates anywhere.
    let svg = parse(&a, "the SVG");
    for e in svg.descendants() {
        for (k, v) in &e.attrs {
            if ["x", "y", "width", "height"].contains(&k.as_str()) {
                assert!(v.parse::<i64>().is_ok(), "<{} {k}={v:?}>", e.name);
            }
        }
    }
}

#[test]
fn text_is_escaped() {
    let nasty = "<b>&amp; \"quoted\" 'single' \u{0}\u{1b}";
    let mut m = matrix(3);
    m.title = format!("Title {nasty}");
    m.severities[0].name = format!("S {nasty}");
    m.probabilities[2].description = format!("D {nasty}");
    m.cells[0][0].ids = vec![format!("ID{nasty}")];
    let text = risk_matrix_svg(&m);
    let svg = parse(&text, "the SVG with markup in its texts");
    let clean = "<b>&amp; \"quoted\" 'single'";
    assert_eq!(svg.first("title").text(), format!("Title {clean}"));
    let label = svg
        .all("g")
        .into_iter()
        .find(|g| has_class(g, "severity-level"))
        .expect("labels");
    assert_eq!(
        label.first("title").text(),
        format!("S {clean}: severity 0")
    );
    let p2 = svg
        .all("g")
        .into_iter()
        .filter(|g| has_class(g, "probability-level"))
        .nth(2);
    assert_eq!(
        p2.expect("three labels").first("title").text(),
        format!("P2: D {clean}")
    );
    let bottom_left = cells(&svg)[6];
    assert!(
        bottom_left
            .first("title")
            .text()
            .contains(&format!("ID{clean} "))
    );
    assert!(!text.contains('\u{0}') && !text.contains('\u{1b}'));
}

#[test]
fn geometry_is_the_same_from_3x3_to_7x7() {
    let mut sizes = Vec::new();
    for n in 3..=7 {
        let mut m = matrix(n);
        m.severities[0].name = "A very long severity level name that cannot fit in a column".into();
        m.probabilities[0].name =
            "An equally long probability level name that needs cutting".into();
        let svg = parse(&risk_matrix_svg(&m), "the SVG");
        let (w, h) = (num(&svg, "width"), num(&svg, "height"));
        let rects: Vec<(i64, i64, i64, i64)> = cells(&svg)
            .iter()
            .map(|g| {
                let r = g.first("rect");
                (num(r, "x"), num(r, "y"), num(r, "width"), num(r, "height"))
            })
            .collect();
        let (x0, y0, cw, ch) = rects[0];
        for (i, &(x, y, rw, rh)) in rects.iter().enumerate() {
            assert_eq!((rw, rh), (cw, ch));
            assert_eq!((x, y), (x0 + (i % n) as i64 * cw, y0 + (i / n) as i64 * ch));
        }
        // Everything drawn lies inside the canvas.
        for t in svg
            .all("text")
            .into_iter()
            .filter(|t| t.attr("transform").is_none())
        {
            assert!((0..=w).contains(&num(t, "x")) && (0..=h).contains(&num(t, "y")));
        }
        // A long name takes at most two lines and ends with an ellipsis when cut.
        for axis in ["severity-level", "probability-level"] {
            let label = svg
                .all("g")
                .into_iter()
                .find(|g| has_class(g, axis))
                .expect("labels");
            let bold: Vec<String> = label
                .all("text")
                .into_iter()
                .filter(|t| t.attr("font-weight") == Some("bold"))
                .map(Element::text)
                .collect();
            assert_eq!(bold.len(), 2, "{bold:?}");
            assert!(bold[1].ends_with('…'), "{bold:?}");
            // The whole name stays in the tooltip.
            assert!(label.first("title").text().contains("name th"));
        }
        sizes.push((cw, ch, w, h));
    }
    // Fixed cell size; the canvas grows by one cell per level.
    for pair in sizes.windows(2) {
        assert_eq!((pair[0].0, pair[0].1), (pair[1].0, pair[1].1));
        assert!(pair[1].2 >= pair[0].2 && pair[1].3 == pair[0].3 + pair[0].1);
    }
}

#[test]
fn odd_shapes_render() {
    // Missing cells are blank; extra cells are ignored; no levels at all still renders.
    let mut m = matrix(4);
    m.cells[1].truncate(2);
    m.cells.truncate(3);
    m.cells[0].push(Cell {
        zone: Zone::Afap,
        ids: vec!["EXTRA".into()],
    });
    let svg = parse(&risk_matrix_svg(&m), "the SVG with missing cells");
    let cells = cells(&svg);
    assert_eq!(cells.len(), 16);
    assert_eq!(
        cells.iter().filter(|g| has_class(g, "zone-none")).count(),
        4 + 2
    );
    assert!(!svg.text().contains("EXTRA"));

    let empty = RiskMatrix::default();
    let svg = parse(&risk_matrix_svg(&empty), "the empty SVG");
    assert_eq!(svg.first("title").text(), "Risk matrix");
    assert!(num(&svg, "width") > 0 && num(&svg, "height") > 0);
}
