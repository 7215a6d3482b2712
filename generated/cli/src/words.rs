//! Numbers in the tool's sentences: a count with its noun in the right number ("1 call",
//! "2 calls"), and a duration as people read it.

/// `n` and `noun`, plural unless `n` is 1: `count(1, "page")` is "1 page". Every noun the
/// tool counts takes a plain "s".
pub fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// [`count`] for a `usize`, the type of most counts.
pub fn many(n: usize, noun: &str) -> String {
    count(n as u64, noun)
}

/// A number of seconds as people read it: `42 s`, `3 min 20 s`, `2 h 5 min`.
pub fn duration(seconds: f64) -> String {
    let secs = seconds.max(0.0).round() as u64;
    match secs {
        0..=59 => format!("{secs} s"),
        60..=3599 => format!("{} min {} s", secs / 60, secs % 60),
        _ => format!("{} h {} min", secs / 3600, secs % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1_u64, "page"), "1 page");
        assert_eq!(count(0_u64, "call"), "0 calls");
        assert_eq!(many(2, "call"), "2 calls");
    }

    #[test]
    fn durations_read_in_the_largest_units_that_fit() {
        assert_eq!(duration(0.4), "0 s");
        assert_eq!(duration(59.0), "59 s");
        assert_eq!(duration(200.0), "3 min 20 s");
        assert_eq!(duration(7_500.0), "2 h 5 min");
    }
}
