//! Every item left out, counted by the rule that left it out: the distance
//! between "what is in the file" and "what was counted". Read from [`role`]
//! so the rules live in one place (classify.rs); this file only names which
//! rule fired. The map counts them in its own pass over a calendar (see
//! [`rule_given`]); [`count`] makes that pass alone.

use serde::Serialize;

use super::classify::{role, Role};
use super::intervals::span;
use crate::config::Options;
use crate::model::{BusyStatus, Occurrence, Span, Status};
use crate::people::Person;

/// Why an occurrence is not a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Rule {
    /// Declined by the owner (or unanswered with `count_tentative = false`).
    Declined,
    Cancelled,
    /// TRANSP:TRANSPARENT or Outlook FREE.
    Free,
    /// Timed, opaque, with fewer than two participants (appointments, focus blocks).
    Solo,
    AllDay,
    /// Timed and 24 h or longer.
    Over24h,
    /// Ends at or before its start (no DTEND nor DURATION).
    ZeroLength,
    /// On a day outside the person's analysed days.
    OutsideCoverage,
}

impl Rule {
    /// Every rule, in the order tables and reports list them.
    pub const ALL: [Rule; 8] = [
        Rule::Declined,
        Rule::Cancelled,
        Rule::Free,
        Rule::Solo,
        Rule::AllDay,
        Rule::Over24h,
        Rule::ZeroLength,
        Rule::OutsideCoverage,
    ];

    /// Column stem in data_quality (`declined_n`, `declined_h`).
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Declined => "declined",
            Rule::Cancelled => "cancelled",
            Rule::Free => "free",
            Rule::Solo => "solo",
            Rule::AllDay => "all_day",
            Rule::Over24h => "over_24h",
            Rule::ZeroLength => "zero_length",
            Rule::OutsideCoverage => "outside_coverage",
        }
    }
}

/// Count and minutes left out per rule (all-day items: 24 h per day), plus
/// the import's skipped entries (malformed events and properties: data_quality's
/// `skipped`; no length, they never became items).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Exclusions {
    pub count: [usize; 8],
    pub minutes: [i64; 8],
    pub malformed: usize,
}

impl Exclusions {
    pub fn get(&self, rule: Rule) -> (usize, i64) {
        let i = rule as usize;
        (self.count[i], self.minutes[i])
    }

    /// Items left out by any rule, malformed ones included.
    pub fn total(&self) -> usize {
        self.count.iter().sum::<usize>() + self.malformed
    }

    /// Items on analysed days that are not meetings (every rule but
    /// outside coverage; malformed events never became items).
    pub fn not_meetings(&self) -> usize {
        self.total() - self.malformed - self.get(Rule::OutsideCoverage).0
    }

    /// Counts `o`, left out by `rule`, with its minutes.
    pub fn note(&mut self, rule: Rule, o: &Occurrence) {
        self.count[rule as usize] += 1;
        self.minutes[rule as usize] += o.duration_min().max(0);
    }

    pub fn add(&mut self, other: &Exclusions) {
        for i in 0..Rule::ALL.len() {
            self.count[i] += other.count[i];
            self.minutes[i] += other.minutes[i];
        }
        self.malformed += other.malformed;
    }

    /// `12 items left out: 4 declined (3.0 h), 1 cancelled (1.0 h), 2 all day (3 days), ...`.
    pub fn line(&self) -> String {
        let mut parts: Vec<String> = Rule::ALL
            .iter()
            .filter(|r| self.get(**r).0 > 0)
            .map(|r| {
                let (n, min) = self.get(*r);
                let name = r.as_str().replace('_', " ");
                match r {
                    Rule::AllDay => format!("{n} {name} ({} days)", min / 1440),
                    _ => format!("{n} {name} ({:.1} h)", min as f64 / 60.0),
                }
            })
            .collect();
        if self.malformed > 0 {
            parts.push(format!("{} malformed", self.malformed));
        }
        if parts.is_empty() {
            return "nothing left out".into();
        }
        format!("{} items left out: {}", self.total(), parts.join(", "))
    }
}

/// Named fields in summary.json, as data_quality names its columns:
/// `{"declined_n": 1, "declined_h": 1.0, ..., "malformed_n": 0}`.
impl Serialize for Exclusions {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(2 * Rule::ALL.len() + 1))?;
        for rule in Rule::ALL {
            let (items, min) = self.get(rule);
            map.serialize_entry(&format!("{}_n", rule.as_str()), &items)?;
            map.serialize_entry(&format!("{}_h", rule.as_str()), &(min as f64 / 60.0))?;
        }
        map.serialize_entry("malformed_n", &self.malformed)?;
        map.end()
    }
}

/// The rule that leaves `o` out for the owner of `cal`, `None` when it counts
/// (a meeting on an analysed day).
pub fn rule_of(p: &Person, o: &Occurrence, opts: &Options) -> Option<Rule> {
    let analysed = p.days.is_some_and(|d| d.place(p.zone, &o.span).is_eq());
    rule_given(o, role(&p.calendar, o, opts), analysed)
}

/// [`rule_of`] from what the map's one pass over a calendar (see
/// [`super::classified::classify`]) already knows of `o`: its role and
/// whether it counts on an analysed day, so neither is worked out twice.
/// Days outside the analysed ones come first: they are left out whatever
/// else the item is.
pub fn rule_given(o: &Occurrence, role: Role, analysed: bool) -> Option<Rule> {
    let ev = &o.event;
    if !analysed {
        return Some(Rule::OutsideCoverage);
    }
    match (role, o.span) {
        (Role::Ignored, _) if ev.status == Status::Cancelled => Some(Rule::Cancelled),
        (Role::Ignored, _) if ev.transparent || ev.busy_status == Some(BusyStatus::Free) => {
            Some(Rule::Free)
        }
        (Role::Ignored, Span::Timed { start, end }) if end <= start => Some(Rule::ZeroLength),
        (Role::Ignored | Role::Declined, _) => Some(Rule::Declined),
        (Role::DayOff, _) => Some(Rule::AllDay),
        (Role::Busy, Span::Timed { start, end })
            if span(start, end) >= chrono::Duration::hours(24) =>
        {
            Some(Rule::Over24h)
        }
        (Role::Busy | Role::FocusBlock, _) => Some(Rule::Solo),
        _ => None,
    }
}

/// Everything left out of one person's merged calendar (malformed events
/// are counted per file, see [`super::quality`]). The map counts the same
/// as it classifies ([`super::classified::classify`]); this is for people
/// whose calendars are all in memory.
pub fn count(p: &Person, opts: &Options) -> Exclusions {
    let mut out = Exclusions::default();
    for o in &p.calendar.occurrences {
        if let Some(rule) = rule_of(p, o, opts) {
            out.note(rule, o);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::interned::Interned;
    use crate::analysis::partial::map;
    use crate::ics::{import_bytes, ImportOptions};

    fn ev(uid: &str, day: u32, hours: &str, extra: &str) -> String {
        format!("BEGIN:VEVENT\nUID:{uid}\nSUMMARY:{uid}\nDTSTART:202401{day:02}T{hours}\n{extra}END:VEVENT\n")
    }

    #[test]
    fn a_calendar_with_one_item_of_each_kind_counts_one_per_rule_with_its_hours() {
        let two = "ORGANIZER:mailto:o@x.org\nATTENDEE:mailto:me@x.org\n";
        let items = [
            ev("meeting", 8, "100000Z", &format!("DTEND:20240108T110000Z\n{two}")),
            ev("declined", 8, "120000Z", "DTEND:20240108T130000Z\nORGANIZER:mailto:o@x.org\nATTENDEE;PARTSTAT=DECLINED:mailto:me@x.org\n"),
            ev("cancelled", 9, "100000Z", &format!("DTEND:20240109T113000Z\nSTATUS:CANCELLED\n{two}")),
            ev("free", 9, "140000Z", &format!("DTEND:20240109T150000Z\nTRANSP:TRANSPARENT\n{two}")),
            ev("solo", 10, "100000Z", "DTEND:20240110T103000Z\n"),
            ev("trip", 10, "120000Z", &format!("DTEND:20240111T130000Z\n{two}")),
            ev("zero", 11, "090000Z", two),
            "BEGIN:VEVENT\nUID:allday\nSUMMARY:Vacation\nDTSTART;VALUE=DATE:20240112\nDTEND;VALUE=DATE:20240113\nEND:VEVENT\n".into(),
            ev("later", 20, "100000Z", &format!("DTEND:20240120T110000Z\n{two}")),
            "BEGIN:VEVENT\nUID:bad\nSUMMARY:Bad\nDTSTART:20240109T100000Z\nDTEND:2024030\nEND:VEVENT\n".into(),
        ];
        let text = format!(
            "BEGIN:VCALENDAR\nX-WR-CALNAME:me@x.org\nX-WR-TIMEZONE:UTC\nX-CLIPSTART:20240108T000000Z\nX-CLIPEND:20240113T000000Z\n{}END:VCALENDAR\n",
            items.concat()
        );
        let cal = import_bytes(text.as_bytes(), "t.ics", &ImportOptions::default());
        let malformed = cal.quality.skipped.len();
        let skipped = format!("{:?}", cal.quality.skipped);
        let opts = Options::default();
        let p = crate::people::one_person(cal, &opts);
        let e = count(&p, &opts);
        // each rule once; minutes: declined 60, cancelled 90, free 60, solo 30,
        // all-day one day = 1440, over 24 h = 25 h = 1500, zero 0, outside (20 Jan) 60
        let want = [
            (Rule::Declined, 1, 60),
            (Rule::Cancelled, 1, 90),
            (Rule::Free, 1, 60),
            (Rule::Solo, 1, 30),
            (Rule::AllDay, 1, 1440),
            (Rule::Over24h, 1, 1500),
            (Rule::ZeroLength, 1, 0),
            (Rule::OutsideCoverage, 1, 60),
        ];
        for (rule, n, min) in want {
            assert_eq!(e.get(rule), (n, min), "{rule:?}");
        }
        // the bad event is one skipped entry plus its unreadable property
        assert_eq!(malformed, 2, "{skipped}");
        assert!(e.line().starts_with("8 items left out: 1 declined (1.0 h)"));
        assert!(e.line().contains("1 all day (1 days)"));
        let json = serde_json::to_value(e).unwrap();
        assert_eq!(json["cancelled_n"], 1);
        assert_eq!(json["cancelled_h"], 1.5);
        assert_eq!(json["malformed_n"], e.malformed);
        // the map counts the same in its one pass over the calendar
        let (_, mapped) = map(&p, &opts, &Interned::default());
        assert_eq!(mapped, e);
    }

    #[test]
    fn the_map_counts_an_item_on_the_local_day_it_starts_like_count() {
        // Berlin is UTC+1 in January: 23:30Z on the 12th is the 13th there,
        // after the analysed days; 22:30Z is still the 12th
        let two = "ORGANIZER:mailto:o@x.org\nATTENDEE:mailto:me@x.org\n";
        let items = [
            ev(
                "late",
                12,
                "233000Z",
                &format!("DTEND:20240113T000000Z\n{two}"),
            ),
            ev(
                "in",
                12,
                "223000Z",
                &format!("DTEND:20240112T230000Z\n{two}"),
            ),
            ev("solo", 12, "233000Z", "DTEND:20240113T000000Z\n"),
            ev("early", 7, "230000Z", "DTEND:20240107T233000Z\n"),
        ];
        let text = format!(
            "BEGIN:VCALENDAR\nX-WR-CALNAME:me@x.org\nX-WR-TIMEZONE:Europe/Berlin\nX-CLIPSTART:20240108T000000Z\nX-CLIPEND:20240113T000000Z\n{}END:VCALENDAR\n",
            items.concat()
        );
        let opts = Options::default();
        let cal = import_bytes(text.as_bytes(), "t.ics", &ImportOptions::default());
        let p = crate::people::one_person(cal, &opts);
        let e = count(&p, &opts);
        // "late" and the solo item are the 13th there; "early" is the 8th, a solo item
        assert_eq!(e.get(Rule::OutsideCoverage), (2, 60));
        assert_eq!(e.get(Rule::Solo), (1, 30));
        let (partial, mapped) = map(&p, &opts, &Interned::default());
        assert_eq!(mapped, e);
        assert_eq!(partial.meetings.len(), 1);
    }
}
