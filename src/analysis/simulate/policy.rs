//! The policies `simulate` knows, as typed on the command line.

use std::fmt;
use std::str::FromStr;

use chrono::Weekday;

/// One policy to simulate.
#[derive(Debug, Clone, PartialEq)]
pub enum Policy {
    /// Series recommended as "async update" become written updates (the top N by hours, or all).
    AsyncStatus(Option<usize>),
    /// No meetings on this weekday: each moves, for everyone, to the first slot
    /// free for all its known attendees on a nearby day, or is dropped when `drop` is set.
    NoMeetingDay { day: Weekday, drop: bool },
    /// Outlook's "end early": meetings under 60 minutes end `short` minutes
    /// early, longer ones `long` minutes early (`cap=25/50`: 5 and 10).
    Cap { short: i64, long: i64 },
    /// Recurring series with this many people or more are deleted.
    PurgeRecurring(usize),
    /// Meetings keep at most N invitees: the organizer, then required before
    /// optional, accepted before not.
    MaxAttendees(usize),
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Policy::AsyncStatus(None) => write!(f, "async-status"),
            Policy::AsyncStatus(Some(n)) => write!(f, "async-status={n}"),
            Policy::NoMeetingDay { day, drop } => {
                write!(
                    f,
                    "no-meeting-day={day}{}",
                    if *drop { ":drop" } else { "" }
                )
            }
            Policy::Cap { short, long } => write!(f, "cap={}/{}", 30 - short, 60 - long),
            Policy::PurgeRecurring(n) => write!(f, "purge-recurring={n}"),
            Policy::MaxAttendees(n) => write!(f, "max-attendees={n}"),
        }
    }
}

/// `cap=A/B`: a 30-minute meeting becomes A minutes, a 60-minute one B minutes.
fn cap(v: Option<&str>) -> Result<Policy, String> {
    let (a, b) = v
        .unwrap_or("25/50")
        .split_once('/')
        .ok_or("cap=A/B, e.g. cap=25/50")?;
    let a: i64 = a
        .parse()
        .map_err(|_| format!("`{a}` in cap=A/B is not a number of minutes"))?;
    let b: i64 = b
        .parse()
        .map_err(|_| format!("`{b}` in cap=A/B is not a number of minutes"))?;
    if !(1..30).contains(&a) || !(1..60).contains(&b) {
        return Err(
            "cap=A/B needs A between 1 and 29 and B between 1 and 59 (e.g. cap=25/50)".into(),
        );
    }
    Ok(Policy::Cap {
        short: 30 - a,
        long: 60 - b,
    })
}

impl FromStr for Policy {
    type Err = String;

    /// `async-status`, `async-status=5`, `no-meeting-day=WED`, `no-meeting-day=WED:drop`,
    /// `cap=25/50`, `purge-recurring=3`, `max-attendees=8`.
    fn from_str(s: &str) -> Result<Policy, String> {
        let (name, value) = s.split_once('=').map_or((s, None), |(n, v)| (n, Some(v)));
        let number = |v: Option<&str>| v.and_then(|v| v.parse::<usize>().ok()).filter(|n| *n > 0);
        match (name, value) {
            ("async-status", None) => Ok(Policy::AsyncStatus(None)),
            ("async-status", v) => number(v).map(|n| Policy::AsyncStatus(Some(n))).ok_or_else(|| "async-status=N needs a positive number".into()),
            ("no-meeting-day", Some(v)) => {
                let (day, mode) = v.split_once(':').map_or((v, None), |(d, m)| (d, Some(m)));
                let day = day.parse::<Weekday>().map_err(|_| format!("`{day}` is not a weekday like WED"))?;
                match mode {
                    None | Some("move") => Ok(Policy::NoMeetingDay { day, drop: false }),
                    Some("drop") => Ok(Policy::NoMeetingDay { day, drop: true }),
                    Some(m) => Err(format!("`{m}`: no-meeting-day takes :move or :drop")),
                }
            }
            ("cap", v) => cap(v),
            ("purge-recurring", v) => number(v).map(Policy::PurgeRecurring).ok_or_else(|| "purge-recurring=N needs a positive number".into()),
            ("max-attendees", v) => number(v).filter(|n| *n >= 2).map(Policy::MaxAttendees).ok_or_else(|| "max-attendees=N needs a number of at least 2".into()),
            _ => Err(format!("unknown policy `{s}`: use async-status[=N], no-meeting-day=WED[:drop], cap=25/50, purge-recurring=N or max-attendees=N")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_parse_print_back_and_bad_ones_say_what_is_accepted() {
        assert_eq!("async-status".parse(), Ok(Policy::AsyncStatus(None)));
        assert_eq!("async-status=3".parse(), Ok(Policy::AsyncStatus(Some(3))));
        assert_eq!(
            "no-meeting-day=WED".parse(),
            Ok(Policy::NoMeetingDay {
                day: Weekday::Wed,
                drop: false
            })
        );
        assert_eq!(
            "no-meeting-day=fri:drop".parse(),
            Ok(Policy::NoMeetingDay {
                day: Weekday::Fri,
                drop: true
            })
        );
        assert_eq!("cap=25/50".parse(), Ok(Policy::Cap { short: 5, long: 10 }));
        assert_eq!("cap".parse(), Ok(Policy::Cap { short: 5, long: 10 }));
        assert_eq!(
            "cap=20/45".parse(),
            Ok(Policy::Cap {
                short: 10,
                long: 15
            })
        );
        assert_eq!("purge-recurring=3".parse(), Ok(Policy::PurgeRecurring(3)));
        assert_eq!("max-attendees=8".parse(), Ok(Policy::MaxAttendees(8)));
        for text in [
            "async-status=2",
            "no-meeting-day=Wed:drop",
            "cap=20/45",
            "max-attendees=8",
        ] {
            assert_eq!(text.parse::<Policy>().unwrap().to_string(), text);
        }
        assert!("no-meeting-day=Funday"
            .parse::<Policy>()
            .unwrap_err()
            .contains("weekday"));
        assert!("teleport"
            .parse::<Policy>()
            .unwrap_err()
            .contains("async-status"));
        assert!("purge-recurring=0".parse::<Policy>().is_err());
        assert!("max-attendees=1".parse::<Policy>().is_err());
        assert!("cap=30/50".parse::<Policy>().is_err());
        assert!("cap=x".parse::<Policy>().is_err());
    }
}
