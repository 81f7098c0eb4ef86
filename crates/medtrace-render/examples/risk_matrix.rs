//! Prints a sample 5×5 risk matrix as SVG, for looking at the layout:
//! `cargo run -p medtrace-render --example risk_matrix > matrix.svg`. With an argument
//! `N` (3 to 7) it prints an N×N matrix instead.

use medtrace_render::{Cell, Level, RiskMatrix, Zone, risk_matrix_svg};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5);
    print!("{}", risk_matrix_svg(&sample(n.clamp(1, 12))));
}

fn sample(n: usize) -> RiskMatrix {
    let severities = [
        ("Negligible", "Inconvenience or temporary discomfort"),
        ("Minor", "Temporary injury not requiring intervention"),
        (
            "Serious",
            "Injury requiring professional medical intervention",
        ),
        (
            "Critical",
            "Permanent impairment or life-threatening injury",
        ),
        ("Catastrophic", "Death"),
        ("Catastrophic, multiple patients", "Several deaths"),
        ("Extremely long severity level name that will not fit", ""),
    ];
    let probabilities = [
        ("Improbable", "< 10⁻⁶ per use"),
        ("Remote", "10⁻⁶ to 10⁻⁵ per use"),
        ("Occasional", "10⁻⁵ to 10⁻⁴ per use"),
        ("Probable", "10⁻⁴ to 10⁻³ per use"),
        ("Frequent", "≥ 10⁻³ per use"),
        ("Very frequent <&> \"quoted\"", "more than once a day"),
        ("Certain", ""),
    ];
    let level = |(name, description): (&str, &str)| Level {
        name: name.to_owned(),
        description: description.to_owned(),
    };
    let severities: Vec<Level> = severities.into_iter().cycle().take(n).map(level).collect();
    let probabilities: Vec<Level> = probabilities
        .into_iter()
        .cycle()
        .take(n)
        .map(level)
        .collect();
    let mut hazard = 0;
    let cells = (0..n)
        .map(|p| {
            (0..n)
                .map(|s| {
                    let score = p + s;
                    let zone = if score * 5 < n * 4 {
                        Zone::Acceptable
                    } else if score * 5 < n * 7 {
                        Zone::Afap
                    } else {
                        Zone::Unacceptable
                    };
                    let count = (p * 7 + s * 3) % 5 + usize::from(p == 2 && s == 3) * 9;
                    let ids = (0..count)
                        .map(|_| {
                            hazard += 1;
                            format!("HAZ-{hazard:03}")
                        })
                        .collect();
                    Cell { zone, ids }
                })
                .collect()
        })
        .collect();
    RiskMatrix {
        title: "Infusion pump — residual risk after risk control measures (ISO 14971)".to_owned(),
        severities,
        probabilities,
        cells,
    }
}
