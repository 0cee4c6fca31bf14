//! `compare` on generated organisations whose truth we control.

use chrono::NaiveDate;
use meetload::analysis::compare::{compare, Comparison, Effect, Metric};
use meetload::analysis::{analyze, Analysis};
use meetload::config::Options;
use meetload::ics::{import_bytes, ImportOptions};
use meetload::people::{assemble, Window};
use meetload::sample::{files, Policy, SampleOptions};

fn org(start: (i32, u32, u32), policy: Policy) -> Analysis {
    let opts = SampleOptions {
        people: 30,
        weeks: 13,
        start: NaiveDate::from_ymd_opt(start.0, start.1, start.2).unwrap(),
        seed: 7,
        policy,
        expanded: false,
    };
    // the series start a year before the export: the period is given, as the
    // importer's coverage rule would find it from the exports
    let from = opts.start.and_time(chrono::NaiveTime::MIN).and_utc();
    let import = ImportOptions {
        from: Some(from),
        to: Some(from + chrono::Duration::weeks(opts.weeks.into())),
        ..ImportOptions::default()
    };
    let calendars: Vec<_> = files(&opts)
        .unwrap()
        .into_iter()
        .filter_map(|(name, bytes)| primary(&name, bytes))
        .map(|(name, bytes)| import_bytes(&bytes, &name, &import))
        .collect();
    let team = assemble(calendars, &Options::default(), None, Window::default());
    analyze(&team.people, &Options::default())
}

/// A person's primary calendar: the .ics itself, or in a Takeout zip the
/// entry named for the address (the holiday and team calendars are left out).
fn primary(name: &str, bytes: Vec<u8>) -> Option<(String, Vec<u8>)> {
    if name.ends_with(".ics") {
        return Some((name.to_string(), bytes));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let entry = (0..zip.len())
        .filter_map(|i| zip.name_for_index(i).map(str::to_string))
        .find(|n| n.contains('@'))?;
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name(&entry).ok()?, &mut out).ok()?;
    Some((format!("{name}/{entry}"), out))
}

fn effect(c: &Comparison, metric: Metric) -> &Effect {
    c.effect(metric).unwrap()
}

#[test]
fn a_policy_that_removes_status_meetings_is_recovered_with_its_interval() {
    let c = compare(
        &org((2025, 1, 6), Policy::None),
        &org((2025, 4, 7), Policy::NoMeetingWednesday),
        None,
        &Options::default(),
    );
    let m = effect(&c, Metric::MeetingHours);
    // by construction each person loses the 15-min daily stand-up (1.25 h/week), the weekly
    // 60-min team status and, for most, the 45-min project sync: about 2.5-3 h per week
    assert!(
        m.mean_change_ci.high < -1.5 && m.mean_change_ci.low > -3.5,
        "{m:?}"
    );
    assert!(m.mean_change_ci.low <= m.mean_change && m.mean_change <= m.mean_change_ci.high);
    assert!(m.p_value < 0.001, "{m:?}");
    let s = effect(&c, Metric::StatusMeetingHours);
    assert!(s.mean_after < 0.01 && s.mean_before > 1.5, "{s:?}");
    let f = effect(&c, Metric::FocusHours);
    assert!(f.mean_change_ci.low > 0.0, "focus time should rise: {f:?}");
    assert!(c
        .series_changes
        .iter()
        .any(|s| s.title.contains("stand-up") && s.change == "deleted"));
    assert_eq!(c.people.len(), 30);
}

#[test]
fn the_same_calendars_shifted_in_time_show_no_significant_change() {
    // 52 weeks later the daylight-saving changes fall on the same weekdays of the period,
    // so the two quarters are the same calendars shifted in time
    let c = compare(
        &org((2025, 1, 6), Policy::None),
        &org((2026, 1, 5), Policy::None),
        None,
        &Options::default(),
    );
    for metric in [Metric::MeetingHours, Metric::FocusHours] {
        let e = effect(&c, metric);
        assert!(
            e.mean_change_ci.low <= 0.0 && 0.0 <= e.mean_change_ci.high,
            "{metric:?}: {e:?}"
        );
        assert!(e.p_value > 0.05, "{metric:?}: {e:?}");
    }
    assert_eq!(c.displacement, None);
}

#[test]
fn moving_wednesday_meetings_to_thursday_is_flagged_as_displacement() {
    let c = compare(
        &org((2025, 1, 6), Policy::None),
        &org((2025, 4, 7), Policy::WednesdayMoved),
        None,
        &Options::default(),
    );
    let note = c.displacement.as_deref().unwrap_or_default();
    assert!(
        note.contains("Wed") && note.contains("Thu"),
        "{note:?} {:?}",
        c.weekday
    );
    let wed = &c.weekday[2];
    assert_eq!(wed.weekday, "Wed");
    assert!(wed.meeting_h_after < wed.meeting_h_before * 0.5);
}

#[test]
fn a_control_group_gives_a_difference_in_differences() {
    let before = org((2025, 1, 6), Policy::None);
    let after = org((2025, 4, 7), Policy::NoMeetingWednesday);
    let control = (
        org((2025, 1, 6), Policy::None),
        org((2025, 4, 7), Policy::None),
    );
    let c = compare(
        &before,
        &after,
        Some((&control.0, &control.1)),
        &Options::default(),
    );
    let m = effect(&c, Metric::MeetingHours);
    let did = m.did.unwrap();
    let ci = m.did_ci.unwrap();
    assert!(ci.low <= did && did <= ci.high && ci.high < 0.0, "{m:?}");
}

#[test]
fn a_simulated_policy_changes_each_shared_meeting_once_for_everyone() {
    use meetload::analysis::simulate::{simulate, Outcome};
    let at = |d: &str| Some(format!("{d}T00:00:00Z").parse().unwrap());
    let quarter = ImportOptions {
        from: at("2025-01-06"),
        to: at("2025-04-07"),
        ..ImportOptions::default()
    };
    let calendars: Vec<_> = files(&SampleOptions {
        people: 30,
        weeks: 13,
        start: NaiveDate::from_ymd_opt(2025, 1, 6).unwrap(),
        seed: 7,
        policy: Policy::None,
        expanded: false,
    })
    .unwrap()
    .into_iter()
    .filter_map(|(name, bytes)| primary(&name, bytes))
    .map(|(name, bytes)| import_bytes(&bytes, &name, &quarter))
    .collect();
    let opts = Options::default();
    // everyone analysed over the whole quarter, so a moved meeting never crosses
    // the edge of someone's coverage
    let people = assemble(calendars, &opts, None, Window::default()).people;
    let current = analyze(&people, &opts);
    let policies = [
        "async-status".parse().unwrap(),
        "no-meeting-day=WED".parse().unwrap(),
    ];
    let sim = simulate(&people, &policies, &current, &opts);
    let projected = analyze(&sim.people, &opts);
    let count = |o: Outcome| sim.actions.iter().filter(|a| a.outcome == o).count();
    // every removed meeting disappears once from the team's meetings and a moved one is
    // still one meeting (the same slot in every copy), so the counts add up exactly
    assert!(count(Outcome::Removed) > 0 && count(Outcome::Moved) > 0);
    assert_eq!(
        projected.meetings.len(),
        current.meetings.len() - count(Outcome::Removed)
    );
    // each moved meeting sits at its new start in every calendar that holds it
    for a in sim.actions.iter().filter(|a| a.outcome == Outcome::Moved) {
        let starts: std::collections::BTreeSet<_> = projected
            .meetings
            .iter()
            .filter(|m| *m.uid == *a.uid && (m.start == a.new_start || m.start == a.start))
            .map(|m| m.start)
            .collect();
        assert_eq!(starts.into_iter().collect::<Vec<_>>(), vec![a.new_start]);
    }
}
