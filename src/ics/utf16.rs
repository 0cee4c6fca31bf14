//! Calendars saved as UTF-16. RFC 5545 asks for UTF-8, but Windows tools
//! write UTF-16 (Windows PowerShell's `Out-File`, "Unicode" in Notepad's
//! save dialog): read as bytes, every line of such a file is malformed
//! and nothing of it would be read. It is decoded to UTF-8 first.

/// The text of `data` as UTF-8 when it is UTF-16, with the number of
/// code units that were not text (an unpaired surrogate, a last odd byte:
/// each read as U+FFFD); `None` for anything else. UTF-16 is known by its
/// byte-order mark, or without one by an ASCII character beside a zero
/// byte at the start (a calendar begins with `BEGIN`, and no UTF-8 text
/// has a zero byte there).
pub fn decode(data: &[u8]) -> Option<(String, usize)> {
    let (little_endian, body) = match data {
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        [0xFE, 0xFF, rest @ ..] => (false, rest),
        [c, 0, ..] if c.is_ascii_graphic() => (true, data),
        [0, c, ..] if c.is_ascii_graphic() => (false, data),
        _ => return None,
    };
    let pairs = body.chunks_exact(2);
    let odd = pairs.remainder().len() == 1;
    let mut bad = usize::from(odd);
    let units = pairs.map(|p| match little_endian {
        true => u16::from_le_bytes([p[0], p[1]]),
        false => u16::from_be_bytes([p[0], p[1]]),
    });
    let mut text: String = char::decode_utf16(units)
        .map(|c| {
            c.unwrap_or_else(|_| {
                bad += 1;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if odd {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    Some((text, bad))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, little_endian: bool, mark: bool) -> Vec<u8> {
        let units = mark
            .then_some(0xFEFF)
            .into_iter()
            .chain(text.encode_utf16());
        units
            .flat_map(|u| match little_endian {
                true => u.to_le_bytes(),
                false => u.to_be_bytes(),
            })
            .collect()
    }

    #[test]
    fn either_byte_order_with_or_without_a_mark_is_read() {
        let text = "BEGIN:VCALENDAR\r\nSUMMARY:Café 😀\r\n";
        for little_endian in [true, false] {
            for mark in [true, false] {
                let got = decode(&utf16(text, little_endian, mark));
                assert_eq!(got, Some((text.to_string(), 0)), "{little_endian} {mark}");
            }
        }
    }

    #[test]
    fn utf8_and_other_bytes_are_left_alone() {
        for data in [
            &b"BEGIN:VCALENDAR"[..],
            b"\xEF\xBB\xBFBEGIN",
            b"",
            b"B",
            b"\0\0\0B",
        ] {
            assert_eq!(decode(data), None, "{data:?}");
        }
    }

    #[test]
    fn what_is_not_text_is_counted_and_replaced() {
        // an unpaired high surrogate, then a last odd byte
        let mut data = utf16("AB", true, true);
        data.extend_from_slice(&0xD800u16.to_le_bytes());
        data.extend_from_slice(&utf16("C", true, false));
        data.push(b'x');
        assert_eq!(decode(&data), Some(("AB\u{FFFD}C\u{FFFD}".to_string(), 2)));
    }
}
