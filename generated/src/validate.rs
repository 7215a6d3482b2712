//! Argument checks that generated `Method::validate` bodies call, one per kind of rule.

use crate::method::ArgumentError;

/// Checks that a list argument holds between `min` and `max` entries.
pub(crate) fn item_count(
    method: &'static str,
    name: &'static str,
    len: usize,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<(), ArgumentError> {
    let len = len as u64;
    let too_few = min.is_some_and(|min| len < min);
    let too_many = max.is_some_and(|max| len > max);
    if too_few || too_many {
        return Err(ArgumentError::new(
            method,
            &[name],
            format!("`{name}` has {len} entries; {}", bounds_text(min, max, "entries")),
        ));
    }
    Ok(())
}

/// Checks that no two entries of a list argument are equal (`uniqueItems`). Items are
/// compared pairwise because floats and JSON values have no order or hash; the lists
/// Slack bounds are at most a few thousand entries, and the check stops at the first repeat.
#[allow(dead_code, reason = "generated code calls it for `uniqueItems` arguments, which the current spec does not use")]
pub(crate) fn unique_items<T: PartialEq>(
    method: &'static str,
    name: &'static str,
    items: &[T],
) -> Result<(), ArgumentError> {
    for (index, item) in items.iter().enumerate() {
        if let Some(offset) = items[index + 1..].iter().position(|other| other == item) {
            let later = index + 1 + offset;
            return Err(ArgumentError::new(
                method,
                &[name],
                format!("`{name}` repeats an entry at positions {index} and {later}; expected every entry once"),
            ));
        }
    }
    Ok(())
}

/// Checks that an integer argument lies within `min..=max`.
pub(crate) fn int_range(
    method: &'static str,
    name: &'static str,
    value: i64,
    min: Option<i64>,
    max: Option<i64>,
) -> Result<(), ArgumentError> {
    let too_small = min.is_some_and(|min| value < min);
    let too_large = max.is_some_and(|max| value > max);
    if too_small || too_large {
        return Err(ArgumentError::new(method, &[name], format!("`{name}` is {value}; {}", bounds_text(min, max, ""))));
    }
    Ok(())
}

/// Checks that either all of `present` are set or none of them are.
pub(crate) fn all_or_none(method: &'static str, names: &[&'static str], present: &[bool]) -> Result<(), ArgumentError> {
    let set = present.iter().filter(|p| **p).count();
    if set != 0 && set != present.len() {
        return Err(ArgumentError::new(
            method,
            names,
            format!("{} must be given together or not at all", quoted_list(names)),
        ));
    }
    Ok(())
}

/// Checks that at least one of `present` is set.
pub(crate) fn at_least_one(
    method: &'static str,
    names: &[&'static str],
    present: &[bool],
) -> Result<(), ArgumentError> {
    if !present.iter().any(|p| *p) {
        return Err(ArgumentError::new(method, names, format!("at least one of {} is required", quoted_list(names))));
    }
    Ok(())
}

/// Checks that exactly one of `present` is set.
#[allow(dead_code, reason = "generated code calls it for `exactly-one` rules, which the current spec does not use")]
pub(crate) fn exactly_one(method: &'static str, names: &[&'static str], present: &[bool]) -> Result<(), ArgumentError> {
    if present.iter().filter(|p| **p).count() != 1 {
        return Err(ArgumentError::new(method, names, format!("exactly one of {} is required", quoted_list(names))));
    }
    Ok(())
}

fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

fn bounds_text<T: std::fmt::Display>(min: Option<T>, max: Option<T>, unit: &str) -> String {
    let unit = if unit.is_empty() { String::new() } else { format!(" {unit}") };
    match (min, max) {
        (Some(min), Some(max)) => format!("expected {min} to {max}{unit}"),
        (Some(min), None) => format!("expected at least {min}{unit}"),
        (None, Some(max)) => format!("expected at most {max}{unit}"),
        (None, None) => String::from("no bounds"),
    }
}

#[cfg(test)]
mod tests {
    use super::unique_items;

    #[test]
    fn unique_items_names_the_first_repeat_and_accepts_distinct_entries() {
        assert!(unique_items("m", "ids", &["U1", "U2", "U3"]).is_ok());
        assert!(unique_items::<f64>("m", "ids", &[]).is_ok());
        let error = unique_items("m", "ids", &["U1", "U2", "U1", "U2"]).expect_err("U1 repeats");
        assert_eq!(error.arguments(), ["ids"]);
        assert!(error.to_string().contains("positions 0 and 2"), "{error}");
    }
}
