//! The same components give the same bytes: twice in a row, in any order, with the edges in
//! any order, and with a component repeated. A different BOM gets a different serial number
//! and document namespace.

use medtrace_sbom::{CycloneDxVersion, SbomComponent, SbomInput, cyclonedx, spdx};

use crate::{input, parse, project};

/// All three documents for one input.
fn write_all(input: &SbomInput<'_>) -> [String; 3] {
    [
        cyclonedx(input, CycloneDxVersion::V1_5),
        cyclonedx(input, CycloneDxVersion::V1_6),
        spdx(input),
    ]
}

/// The components in the order `order` gives (a permutation of their indices), with the
/// edges renumbered to match and listed back to front.
fn permuted(order: &[usize]) -> (Vec<SbomComponent>, Vec<(usize, usize)>) {
    let (components, edges) = project();
    let position = |old: usize| order.iter().position(|&o| o == old).expect("permutation");
    let components = order.iter().map(|&i| components[i].clone()).collect();
    let edges = edges
        .iter()
        .rev()
        .map(|&(a, b)| (position(a), position(b)))
        .collect();
    (components, edges)
}

#[test]
fn the_same_input_twice_gives_the_same_bytes() {
    let (components, edges) = project();
    let input = input(&components, &edges);
    assert_eq!(write_all(&input), write_all(&input));
}

#[test]
fn the_order_of_components_and_edges_does_not_matter() {
    let (components, edges) = project();
    let expected = write_all(&input(&components, &edges));
    let n = components.len();
    let orders: Vec<Vec<usize>> = vec![
        (0..n).rev().collect(),
        (0..n).map(|i| (i * 3) % n).collect(),
        (0..n).map(|i| (i + 4) % n).collect(),
    ];
    for order in orders {
        let (components, edges) = permuted(&order);
        assert_eq!(
            write_all(&input(&components, &edges)),
            expected,
            "{order:?}"
        );
    }
}

#[test]
fn a_component_listed_twice_is_written_once() {
    // As when two lockfiles of one project lock the same crate: the copy comes first here,
    // without the SOUP record's fields, and the edges point at either copy.
    let (mut components, mut edges) = project();
    let expected = write_all(&input(&components, &edges));
    let mut copy = SbomComponent::new(components[0].component.clone());
    copy.component.direct = None;
    components.insert(0, copy);
    edges = edges
        .iter()
        .map(|&(a, b)| (a + 1, b + 1))
        .chain([(0, 2)])
        .collect();
    assert_eq!(write_all(&input(&components, &edges)), expected);
}

#[test]
fn a_different_bom_gets_a_different_serial_number_and_namespace() {
    let (mut components, edges) = project();
    let before = write_all(&input(&components, &edges));
    components[3].support_level = Some("no longer maintained".to_owned());
    let after = write_all(&input(&components, &edges));
    for (b, a) in before.iter().zip(&after) {
        assert_ne!(b, a);
    }
    let serial = |text: &str| parse(text)["serialNumber"].as_str().map(str::to_owned);
    let namespace = |text: &str| parse(text)["documentNamespace"].as_str().map(str::to_owned);
    assert_ne!(serial(&before[0]), serial(&after[0]));
    assert_ne!(serial(&before[1]), serial(&after[1]));
    assert_ne!(
        serial(&before[0]),
        serial(&before[1]),
        "1.5 and 1.6 are different BOMs"
    );
    assert_ne!(namespace(&before[2]), namespace(&after[2]));
}
