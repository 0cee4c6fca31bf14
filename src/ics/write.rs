//! Writing iCalendar text: TEXT escaping and 75-octet line folding, shared by
//! the sample generator and the simulated-calendar export.

/// Escapes TEXT (RFC 5545 §3.3.11).
pub fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Appends a content line folded at 75 octets (never inside a UTF-8
/// character) and ended with CRLF (§3.1).
pub fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// Appends each content line, folded (see [`fold`]).
pub fn fold_all(lines: &[String], out: &mut String) {
    for line in lines {
        fold(line, out);
    }
}

/// The TRANSP line: transparent time is free, opaque time is busy.
pub fn transp(transparent: bool) -> String {
    format!(
        "TRANSP:{}",
        if transparent { "TRANSPARENT" } else { "OPAQUE" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ics::lines::{unescape, Lines};

    #[test]
    fn folds_at_75_octets_without_splitting_characters_and_reads_back() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(50));
        fold(&long, &mut out);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let back: Vec<String> = Lines::new(out.as_bytes())
            .map(|l| l.text.into_owned())
            .collect();
        assert_eq!(back, vec![long]);
    }

    #[test]
    fn escaping_round_trips() {
        let text = "a,b;c\\d\ne";
        assert_eq!(escape(text), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(unescape(&escape(text)), text);
    }
}
