//! Plain aligned text tables for the terminal, and CSV.

/// Renders rows under a header, columns padded to their widest cell (in characters).
pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut text = String::new();
        for (k, cell) in cells.enumerate() {
            if k > 0 {
                text.push_str("  ");
            }
            text.push_str(cell);
            if k + 1 < widths.len() {
                text.extend(std::iter::repeat_n(
                    ' ',
                    widths[k].saturating_sub(cell.chars().count()),
                ));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&mut header.iter().copied());
    let rule: Vec<String> = widths.iter().map(|&w| "─".repeat(w)).collect();
    line(&mut rule.iter().map(String::as_str));
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

/// One CSV record (RFC 4180 quoting).
pub fn csv_line(cells: &[String]) -> String {
    let quoted: Vec<String> = cells
        .iter()
        .map(|c| {
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.clone()
            }
        })
        .collect();
    let mut line = quoted.join(",");
    line.push_str("\r\n");
    line
}
