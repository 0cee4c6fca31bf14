//! The zones the sample uses as Outlook and Apple write them: the Windows
//! name Outlook puts in TZID and the VTIMEZONE definition both styles carry.

use chrono_tz::Tz;
use icalendar::Property;

/// One STANDARD or DAYLIGHT part of a VTIMEZONE.
struct Observance {
    kind: &'static str,
    start: &'static str,
    from: &'static str,
    to: &'static str,
    rule: Option<&'static str>,
}

const fn part(
    kind: &'static str,
    start: &'static str,
    from: &'static str,
    to: &'static str,
    rule: Option<&'static str>,
) -> Observance {
    Observance {
        kind,
        start,
        from,
        to,
        rule,
    }
}

const US_PACIFIC: &[Observance] = &[
    part(
        "STANDARD",
        "16010101T020000",
        "-0700",
        "-0800",
        Some("FREQ=YEARLY;BYDAY=1SU;BYMONTH=11"),
    ),
    part(
        "DAYLIGHT",
        "16010101T020000",
        "-0800",
        "-0700",
        Some("FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"),
    ),
];
const US_EASTERN: &[Observance] = &[
    part(
        "STANDARD",
        "16010101T020000",
        "-0400",
        "-0500",
        Some("FREQ=YEARLY;BYDAY=1SU;BYMONTH=11"),
    ),
    part(
        "DAYLIGHT",
        "16010101T020000",
        "-0500",
        "-0400",
        Some("FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"),
    ),
];
const EU_CENTRAL: &[Observance] = &[
    part(
        "STANDARD",
        "16010101T030000",
        "+0200",
        "+0100",
        Some("FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"),
    ),
    part(
        "DAYLIGHT",
        "16010101T020000",
        "+0100",
        "+0200",
        Some("FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"),
    ),
];
const INDIA: &[Observance] = &[part("STANDARD", "16010101T000000", "+0530", "+0530", None)];

fn observances(tz: Tz) -> &'static [Observance] {
    match tz {
        Tz::America__Los_Angeles => US_PACIFIC,
        Tz::America__New_York => US_EASTERN,
        Tz::Asia__Kolkata => INDIA,
        _ => EU_CENTRAL,
    }
}

/// The Windows zone name Outlook writes for `tz`.
pub fn windows_name(tz: Tz) -> &'static str {
    match tz {
        Tz::America__Los_Angeles => "Pacific Standard Time",
        Tz::America__New_York => "Eastern Standard Time",
        Tz::Asia__Kolkata => "India Standard Time",
        _ => "W. Europe Standard Time",
    }
}

/// The VTIMEZONE block defining `tzid` with the rules of `tz`, as a run of
/// calendar-level content lines (BEGIN and END included): see
/// [`super::write`] for why the block is not an icalendar component.
pub fn vtimezone(tzid: &str, tz: Tz) -> Vec<Property> {
    let mut out = vec![
        Property::new("BEGIN", "VTIMEZONE"),
        Property::new("TZID", tzid),
    ];
    for o in observances(tz) {
        out.push(Property::new("BEGIN", o.kind));
        out.push(Property::new("DTSTART", o.start));
        out.push(Property::new("TZOFFSETFROM", o.from));
        out.push(Property::new("TZOFFSETTO", o.to));
        out.extend(o.rule.map(|r| Property::new("RRULE", r)));
        out.push(Property::new("END", o.kind));
    }
    out.push(Property::new("END", "VTIMEZONE"));
    out
}
