//! What is read of a DESCRIPTION ([`Description`]): whether it says
//! anything, and its agenda marks, from its first [`READ_CHARS`]
//! characters, unescaped.
//!
//! A DESCRIPTION is only searched (the analysis reads no more of it), and
//! most need not be unescaped for that: when every escape in a value is
//! one RFC 5545 defines (`\n`, `\N`, `\,`, `\;`, `\\`) the value as written
//! gives the same answer as its unescaped text (see [`as_written`]).
//! Unescaping a value into a buffer cost two thirds as much as searching it
//! (0.41 and 0.62 G instructions of the importer's 17.7 G on the bench
//! corpus); any other value, and every value whose text is kept, is still
//! unescaped first.

use super::lines::unescape_prefix;
use crate::model::{AgendaMarks, Description};

/// The characters of a DESCRIPTION that are read, and kept when asked.
const READ_CHARS: usize = 1000;

/// [`Description::of`] the first [`READ_CHARS`] characters of the unescaped
/// `value`; `keep` keeps them too. `scratch` is a buffer to unescape in.
pub(super) fn describe(value: &str, keep: bool, scratch: &mut String) -> Description {
    if !keep {
        if let Some(read) = as_written(value) {
            return read;
        }
    }
    unescape_prefix(value, READ_CHARS, scratch);
    Description::of(scratch, keep)
}

/// What [`describe`] reads of `value`, read where it lies, when that is
/// exactly what its unescaped text says: the value is read whole (no longer
/// in bytes than [`READ_CHARS`], so no character is cut off), it starts with
/// a visible ASCII character (no white space, no escape: it is not blank),
/// it holds no line feed, and each of its escapes is one of `\n`, `\N`,
/// `\,`, `\;` and `\\` (or a backslash at its very end, read as one). Then
///
/// - the unescaped text's line feeds are those of `\n` and `\N`, and the
///   character after each is the byte after the escape (no escape gives a
///   `-`): a point of a list is `\n-` (or `\N-`) as written;
/// - an agenda word (ASCII letters and spaces) is found in the text if and
///   only if it is found as written: no escape gives a letter or a space,
///   so each letter of a word found in the text is a byte of its own in the
///   value, next to the one before; and a word found in the value holds no
///   backslash and begins with no `n`, so none of its bytes is part of an
///   escape but as the escaped character `n`, which it cannot be.
///
/// `None` for any other value.
fn as_written(value: &str) -> Option<Description> {
    let bytes = value.as_bytes();
    let visible = |b: &u8| b.is_ascii_graphic() && *b != b'\\';
    if bytes.len() > READ_CHARS || !bytes.first().is_some_and(visible) {
        return None;
    }
    let mut points = 0;
    // the first byte past the last escape: the backslash of `\\` escaped is no escape
    let mut past = 0;
    for at in memchr::memchr2_iter(b'\\', b'\n', bytes) {
        if at < past {
            continue;
        }
        if bytes[at] == b'\n' {
            return None;
        }
        match bytes.get(at + 1) {
            Some(b'n' | b'N') => points += usize::from(bytes.get(at + 2) == Some(&b'-')),
            Some(b',' | b';' | b'\\') | None => {}
            Some(_) => return None,
        }
        past = at + 2;
    }
    Some(Description {
        non_blank: true,
        agenda: AgendaMarks::with_points(bytes, points),
        text: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ics::parse::parse;
    use crate::rng::Rng;

    /// What was read before values were read as written: the unescaped prefix.
    fn unescaped(value: &str, keep: bool) -> Description {
        let mut text = String::new();
        unescape_prefix(value, READ_CHARS, &mut text);
        Description::of(&text, keep)
    }

    /// Pieces a value is made of: escapes defined and not, agenda words
    /// whole and apart, list points, white space, characters of several
    /// bytes, a line feed, and plain text.
    const PIECES: [&str; 30] = [
        "\\n",
        "\\N",
        "\\,",
        "\\;",
        "\\\\",
        "\\",
        "\\-",
        "\\a",
        "\\ ",
        "\\é",
        "-",
        "- ",
        "\n",
        " ",
        "\t",
        "\u{3000}",
        "agenda",
        "AgEnDa",
        "ag",
        "enda",
        "tagesordnung",
        "Tages",
        "ordre du jour",
        "ordre du",
        " jour",
        "j",
        "g",
        "é",
        "K\u{212A}",
        "text",
    ];

    fn values(rng: &mut Rng, count: usize) -> Vec<String> {
        let mut next = |n: usize| rng.below(n);
        (0..count)
            .map(|_| {
                let pieces = next(12);
                (0..pieces).map(|_| PIECES[next(PIECES.len())]).collect()
            })
            .collect()
    }

    #[test]
    fn a_value_read_as_written_says_what_its_unescaped_text_says() {
        let mut scratch = String::new();
        let mut read_as_written = 0;
        for value in values(&mut Rng::new(1), 200_000) {
            // and after a visible start, as most are
            for value in [value.clone(), format!("x{value}")] {
                read_as_written += usize::from(as_written(&value).is_some());
                let want = unescaped(&value, false);
                assert_eq!(describe(&value, false, &mut scratch), want, "{value:?}");
                assert_eq!(
                    describe(&value, true, &mut scratch),
                    unescaped(&value, true),
                    "{value:?}"
                );
            }
        }
        // both ways were taken, many times
        assert!(
            (50_000..350_000).contains(&read_as_written),
            "{read_as_written}"
        );
    }

    #[test]
    fn long_values_are_cut_where_their_unescaped_text_is() {
        let mut scratch = String::new();
        for (head, tail) in [("a", "agenda"), ("\\n-", "\\n-"), ("é", "x")] {
            for n in 990..1010 {
                let value = format!("{}{tail}", head.repeat(n));
                assert_eq!(
                    describe(&value, false, &mut scratch),
                    unescaped(&value, false),
                    "{n} {head:?}"
                );
            }
        }
    }

    #[test]
    fn the_parser_reads_folded_descriptions_as_their_unescaped_text() {
        // folds at every place of lines of escapes, words and points
        for value in values(&mut Rng::new(2), 300) {
            let value = format!("x{}", value.replace('\n', ""));
            let want = unescaped(&value, false);
            for fold in (1..value.len()).filter(|&at| value.is_char_boundary(at)) {
                let line = format!("DESCRIPTION:{}\r\n {}", &value[..fold], &value[fold..]);
                let file = format!(
                    "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u\r\nDTSTART:20240304T090000Z\r\n{line}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
                );
                for keep in [false, true] {
                    let parsed = parse(file.as_bytes(), keep);
                    let got = parsed.events[0].description.clone();
                    assert_eq!(got, Some(unescaped(&value, keep)), "{line:?}");
                }
                assert_eq!(
                    parse(file.as_bytes(), false).events[0].description,
                    Some(want.clone())
                );
            }
        }
    }

    #[test]
    fn real_descriptions_read_as_written_say_what_their_text_says() {
        // the kinds of text exporters write: Teams and Meet blocks, lists, HTML
        let real = [
            "________________________________________________________________________________\\nMicrosoft Teams meeting\\nJoin on your computer\\, mobile app or room device\\nClick here to join the meeting<https://teams.microsoft.com/l/meetup-join/19%3ameeting_ZZY9%40thread.v2/0>\\nMeeting ID: 362 697 502 161\\nPasscode: 3nt7ue\\n",
            "-::~:~::~:~:~:~:~:~::-\\nJoin with Google Meet: https://meet.google.com/aaa-hebq-qxd\\n\\nLearn more about Meet at: https://support.google.com/a/users/answer/9282720\\n\\nPlease do not edit this section.\\n-::~:~::~:~::-",
            "Agenda:\\n- Roadmap\\n- Budget\\; hiring\\n-Retro",
            "Tagesordnung\\N-eins\\N- zwei",
            "Ordre du jour : point 1\\, point 2",
            "Weekly sync\\\\n- not a point",
            "<html><body><p>Hi all\\,</p><p>agenda attached</p></body></html>",
        ];
        let mut scratch = String::new();
        for value in real {
            let read = as_written(value);
            assert!(read.is_some(), "{value}");
            assert_eq!(read, Some(unescaped(value, false)), "{value}");
            assert_eq!(
                describe(value, false, &mut scratch),
                unescaped(value, false)
            );
        }
        let marks = |v: &str| as_written(v).map(|d| (d.agenda.word, d.agenda.points));
        // with two points or more, the words are not looked for
        assert_eq!(marks(real[2]), Some((false, 3)));
        assert_eq!(marks(real[3]), Some((false, 2)));
        assert_eq!(marks(real[4]), Some((true, 0)));
        assert_eq!(marks(real[5]), Some((false, 0)));
        assert_eq!(marks(real[6]), Some((true, 0)));
    }
}
