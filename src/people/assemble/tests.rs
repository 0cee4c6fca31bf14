use super::*;
use crate::config::PersonSettings;
use crate::ics::{import_bytes, ImportOptions};
use crate::people::{FileRole, SettingSource};
use chrono_tz::Tz;

fn cal(name: &str, container: &str, header: &str, events: &str) -> Calendar {
    let text = format!("BEGIN:VCALENDAR\n{header}{events}END:VCALENDAR\n");
    let mut c = import_bytes(text.as_bytes(), name, &ImportOptions::default());
    c.container = container.to_string();
    c
}

fn meeting(uid: &str, day: u32, organizer: &str, attendees: &[&str]) -> String {
    let list: String = attendees
        .iter()
        .map(|a| format!("ATTENDEE;PARTSTAT=ACCEPTED:mailto:{a}\n"))
        .collect();
    format!("BEGIN:VEVENT\nUID:{uid}\nDTSTART:202503{day:02}T100000Z\nDTEND:202503{day:02}T110000Z\nORGANIZER:mailto:{organizer}\n{list}END:VEVENT\n")
}

const HOLIDAY: &str = "BEGIN:VEVENT\nUID:h1\nDTSTART;VALUE=DATE:20250305\nDTEND;VALUE=DATE:20250306\nTRANSP:TRANSPARENT\nSUMMARY:Holiday\nEND:VEVENT\n";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn a_takeout_zip_is_one_person_with_shared_meetings_once_and_the_holiday_feed_as_days_off() {
    let zip = "takeout.zip";
    let planning = meeting("planning", 4, "bo@x.org", &["ana@x.org", "bo@x.org"]);
    let primary = cal(
        "takeout.zip/ana.ics",
        zip,
        "X-WR-CALNAME:ana@x.org\n",
        &planning,
    );
    let team_cal = format!(
        "{planning}{}",
        meeting("bo-cy", 6, "bo@x.org", &["cy@x.org", "bo@x.org"])
    );
    let shared = cal(
        "takeout.zip/team.ics",
        zip,
        "X-WR-CALNAME:Team Data\n",
        &team_cal,
    );
    let holidays = cal(
        "takeout.zip/Holidays in Germany.ics",
        zip,
        "X-WR-CALNAME:Holidays in Germany\n",
        HOLIDAY,
    );
    assert_eq!(shared.owner.as_deref(), Some("bo@x.org"), "a guessed owner");
    assert_eq!(holidays.owner, None);
    let team = assemble(
        vec![holidays, primary, shared],
        &Options::default(),
        None,
        Window::default(),
    );
    assert_eq!(team.people.len(), 1);
    let ana = &team.people[0];
    assert_eq!(&*ana.id, "ana@x.org");
    let roles: Vec<&str> = team.files.iter().map(|f| f.role.as_str()).collect();
    assert_eq!(roles, ["secondary", "primary", "secondary"]);
    assert_eq!((team.files[2].duplicates, team.files[2].not_theirs), (1, 1));
    // planning once, the holiday (now opaque) once; bo's meeting with cy is not ana's
    let uids: Vec<&str> = ana
        .calendar
        .occurrences
        .iter()
        .map(|o| o.event.uid.as_str())
        .collect();
    assert_eq!(uids, ["planning", "h1"]);
    assert!(!ana.calendar.occurrences[1].event.transparent);
}

#[test]
fn an_ownerless_calendar_among_several_people_is_left_out_and_alone_it_is_a_person() {
    let a = cal(
        "team/a.ics",
        "team",
        "X-WR-CALNAME:a@x.org\n",
        &meeting("m", 4, "a@x.org", &["b@x.org"]),
    );
    let b = cal(
        "team/b.ics",
        "team",
        "X-WR-CALNAME:b@x.org\n",
        &meeting("m", 4, "a@x.org", &["b@x.org"]),
    );
    let holidays = cal("team/holidays.ics", "team", "", HOLIDAY);
    let team = assemble(
        vec![a, b, holidays.clone()],
        &Options::default(),
        None,
        Window::default(),
    );
    assert_eq!(team.people.len(), 2);
    assert!(matches!(&team.files[2].role, FileRole::LeftOut(why) if why.contains("2 people")));
    let alone = assemble(vec![holidays], &Options::default(), None, Window::default());
    assert_eq!(alone.people.len(), 1);
    assert_eq!(&*alone.people[0].id, "team/holidays.ics");
}

#[test]
fn calendars_naming_one_owner_are_one_person_whatever_their_folder() {
    let opts = ImportOptions {
        owner: Some("ana@x.org".into()),
        ..ImportOptions::default()
    };
    let text = |e: &str| format!("BEGIN:VCALENDAR\n{e}END:VCALENDAR\n");
    let one = import_bytes(
        text(&meeting("m1", 4, "bo@x.org", &["ana@x.org"])).as_bytes(),
        "a/1.ics",
        &opts,
    );
    let two = import_bytes(
        text(&meeting("m2", 4, "bo@x.org", &["ana@x.org"])).as_bytes(),
        "b/2.ics",
        &opts,
    );
    let team = assemble(vec![one, two], &Options::default(), None, Window::default());
    assert_eq!(team.people.len(), 1);
    assert_eq!(team.people[0].calendar.occurrences.len(), 2);
    assert_eq!(team.files[1].role, FileRole::Own);
}

#[test]
fn config_beats_roster_beats_outlook_hours_beats_the_calendar_zone() {
    let header = "X-OWNER:mailto:ana@x.org\nX-WR-TIMEZONE:Asia/Kolkata\nX-MS-OLK-WKHRSTART;TZID=Eastern Standard Time:080000\nX-MS-OLK-WKHREND;TZID=Eastern Standard Time:160000\nX-MS-OLK-WKHRDAYS:MO,TU,WE,TH\n";
    let c = cal(
        "ana.ics",
        ".",
        header,
        &meeting("m", 4, "bo@x.org", &["ana@x.org"]),
    );
    let outlook = assemble(
        vec![c.clone()],
        &Options::default(),
        None,
        Window::default(),
    );
    let p = &outlook.people[0];
    // X-WR-TIMEZONE names the calendar's zone, but the stated working hours name the person's
    assert_eq!(
        (p.zone, p.zone_from),
        (Tz::America__New_York, SettingSource::OutlookHours)
    );
    assert_eq!(p.hours.start.to_string(), "08:00:00");
    assert!(!p.hours.works_on(chrono::Weekday::Fri));
    let roster = Roster::parse(
        b"email,zone,work_start\nana@x.org,Europe/Berlin,10:00\n",
        Options::default().hours,
    )
    .unwrap();
    let with_roster = assemble(
        vec![c.clone()],
        &Options::default(),
        Some(&roster),
        Window::default(),
    );
    let p = &with_roster.people[0];
    assert_eq!(
        (p.zone, p.zone_from, p.hours_from),
        (
            Tz::Europe__Berlin,
            SettingSource::Roster,
            SettingSource::Roster
        )
    );
    assert_eq!(p.hours.start.to_string(), "10:00:00");
    let mut opts = Options::default();
    opts.people.insert(
        "ana@x.org".into(),
        PersonSettings {
            zone: Some(Tz::UTC),
            hours: None,
        },
    );
    let with_config = assemble(vec![c], &opts, Some(&roster), Window::default());
    let p = &with_config.people[0];
    assert_eq!(
        (p.zone, p.zone_from, p.hours_from),
        (Tz::UTC, SettingSource::Config, SettingSource::Roster)
    );
}

#[test]
fn the_days_are_the_coverage_inside_the_window_and_a_silent_calendar_borrows_the_teams() {
    let clipped = cal(
        "a.ics",
        ".",
        "X-WR-CALNAME:a@x.org\nX-CLIPSTART:20250106T000000Z\nX-CLIPEND:20250407T000000Z\n",
        &meeting("m", 4, "a@x.org", &["b@x.org"]),
    );
    let rules_only = cal(
        "b.ics",
        ".",
        "X-WR-CALNAME:b@x.org\n",
        "BEGIN:VEVENT\nUID:r\nDTSTART:20240102T090000Z\nDTEND:20240102T093000Z\nRRULE:FREQ=WEEKLY;COUNT=80\nORGANIZER:mailto:b@x.org\nATTENDEE:mailto:a@x.org\nEND:VEVENT\n",
    );
    let window = Window {
        first: Some(d("2025-02-01")),
        last: None,
    };
    let team = assemble(vec![clipped, rules_only], &Options::default(), None, window);
    let days: Vec<(NaiveDate, NaiveDate, &str)> = team
        .people
        .iter()
        .map(|p| p.days.map(|x| (x.first, x.last, x.source)).unwrap())
        .collect();
    assert_eq!(
        days[0],
        (d("2025-02-01"), d("2025-04-06"), "X-CLIPSTART/X-CLIPEND")
    );
    assert_eq!(
        days[1],
        (d("2025-02-01"), d("2025-04-06"), "the team's coverage")
    );
    // b's 80 weekly Tuesdays from 2024-01-02: 57 before 2025-02-01 (up to 28 Jan),
    // 9 inside (4 Feb to 1 Apr), 14 after 6 April (8 Apr to 8 Jul)
    assert_eq!(team.people[1].outside, (57, 14));
}

#[test]
fn a_hostile_clip_end_never_makes_more_than_ten_years_of_days() {
    let c = cal(
        "a.ics",
        ".",
        "X-WR-CALNAME:a@x.org\nX-CLIPSTART:20250106T000000Z\nX-CLIPEND:99991231T000000Z\n",
        &meeting("m", 4, "a@x.org", &["b@x.org"]),
    );
    let team = assemble(vec![c], &Options::default(), None, Window::default());
    let days = team.people[0].days.unwrap();
    // 2025-01-06 plus 3,652 days (ten years, 2028 and 2032 leap): 2035-01-06
    assert_eq!((days.first, days.last), (d("2025-01-06"), d("2035-01-06")));
}

/// Assembling while mapping ([`crate::people::assemble_mapped`]) must give
/// the same people, files and map inputs as assembling everything first:
/// calendars that are a person alone (mapped at once), a guess that fails
/// (a Takeout's primary, one owner in two folders: read again), a calendar
/// without coverage (waits for the team's) and an owner-less one left out.
#[test]
fn assembling_while_mapping_gives_what_assembling_first_gives() {
    let zip = "takeout.zip";
    let planning = meeting("planning", 4, "bo@x.org", &["ana@x.org", "bo@x.org"]);
    let calendars = vec![
        cal("takeout.zip/Holidays.ics", zip, "X-WR-CALNAME:Holidays in Germany\n", HOLIDAY),
        cal("takeout.zip/ana.ics", zip, "X-WR-CALNAME:ana@x.org\n", &planning),
        cal(
            "takeout.zip/team.ics",
            zip,
            "X-WR-CALNAME:Team Data\n",
            &format!("{planning}{}", meeting("bo-cy", 6, "bo@x.org", &["cy@x.org", "bo@x.org"])),
        ),
        cal(
            "team/a.ics",
            "team",
            "X-WR-CALNAME:a@x.org\nX-CLIPSTART:20250106T000000Z\nX-CLIPEND:20250407T000000Z\n",
            &meeting("m", 4, "a@x.org", &["b@x.org"]),
        ),
        cal(
            "team/b.ics",
            "team",
            "X-WR-CALNAME:b@x.org\n",
            "BEGIN:VEVENT\nUID:r\nDTSTART:20240102T090000Z\nDTEND:20240102T093000Z\nRRULE:FREQ=WEEKLY;COUNT=80\nORGANIZER:mailto:b@x.org\nATTENDEE:mailto:a@x.org\nEND:VEVENT\n",
        ),
        cal("team/holidays.ics", "team", "", HOLIDAY),
        cal("x/c.ics", "x", "X-WR-CALNAME:c@x.org\n", &meeting("c1", 5, "c@x.org", &["a@x.org"])),
        cal("y/c.ics", "y", "X-WR-CALNAME:c@x.org\n", &meeting("c2", 7, "c@x.org", &["a@x.org"])),
    ];
    let opts = Options::default();
    let window = Window {
        first: Some(d("2025-02-01")),
        last: None,
    };
    // what the map sees of each person
    let seen = |p: &Person| {
        let occurrences: Vec<_> = (p.calendar.occurrences.iter())
            .map(|o| (o.event.uid.clone(), o.span))
            .collect();
        (p.id.clone(), occurrences, p.days, p.outside)
    };
    let first = assemble(calendars.clone(), &opts, None, window);
    let imports = std::sync::Mutex::new(Vec::new());
    let import = |i: usize| {
        imports.lock().unwrap().push(i);
        Ok::<_, ()>(calendars[i].clone())
    };
    let (team, mapped) =
        crate::people::assemble_mapped(calendars.len(), &import, &opts, None, window, &seen)
            .unwrap();
    let expected: Vec<_> = first.people.iter().map(seen).collect();
    assert_eq!(mapped, expected);
    let ids: Vec<&str> = mapped.iter().map(|m| &*m.0).collect();
    assert_eq!(ids, ["ana@x.org", "a@x.org", "b@x.org", "c@x.org"]);
    assert_eq!(mapped[2].2.map(|d| d.source), Some("the team's coverage"));
    // the people come back without occurrences, otherwise as assembled first
    assert!(team
        .people
        .iter()
        .all(|p| p.calendar.occurrences.is_empty()));
    let people = |t: &Team| -> Vec<_> {
        t.people
            .iter()
            .map(|p| (p.id.clone(), p.zone, p.days, p.outside, p.calendar.coverage))
            .collect()
    };
    assert_eq!(people(&team), people(&first));
    let files = |t: &Team| -> Vec<_> {
        t.files
            .iter()
            .map(|f| {
                (
                    f.calendar.name.clone(),
                    f.person.clone(),
                    f.role.clone(),
                    f.occurrences,
                    f.duplicates,
                    f.not_theirs,
                )
            })
            .collect()
    };
    assert_eq!(files(&team), files(&first));
    // every calendar read once; ana's primary again when its guess failed, and the one of
    // c's two calendars read first (the second of an owner is never guessed)
    let mut imports = imports.into_inner().unwrap();
    imports.sort_unstable();
    let twice = |i: usize| imports.iter().filter(|&&x| x == i).count() == 2;
    assert_eq!(imports.len(), 10, "{imports:?}");
    assert!(twice(1) && (twice(6) != twice(7)), "{imports:?}");
}

#[test]
fn an_items_place_against_the_days_is_that_of_its_local_date_in_every_zone() {
    use chrono::{Duration, TimeZone, Utc};
    use std::cmp::Ordering;
    // one-day and one-week periods around days when clocks change (Europe,
    // Sao Paulo at midnight, Samoa skipping 30 December 2011) and far from 1970
    let periods = [
        ("2024-03-31", "2024-03-31"),
        ("2018-11-04", "2018-11-10"),
        ("2011-12-29", "2011-12-30"),
        ("1916-04-30", "1916-04-30"),
        ("2090-10-29", "2090-11-05"),
    ];
    let mut asked = 0;
    for (first, last) in periods {
        let days = Days {
            first: d(first),
            last: d(last),
            source: "test",
        };
        let from = Utc.from_utc_datetime(
            &(days.first - Duration::days(3))
                .and_hms_opt(0, 0, 0)
                .unwrap(),
        );
        let to = from + Duration::days(7) + (days.last - days.first);
        for zone in chrono_tz::TZ_VARIANTS {
            let mut start = from;
            while start < to {
                let span = Span::Timed { start, end: start };
                let local = start.with_timezone(&zone).date_naive();
                let want = match (local < days.first, local > days.last) {
                    (true, _) => Ordering::Less,
                    (_, true) => Ordering::Greater,
                    _ => Ordering::Equal,
                };
                assert_eq!(
                    days.place(zone, &span),
                    want,
                    "{zone} {start} {first}..{last}"
                );
                asked += 1;
                start += Duration::minutes(37);
            }
        }
    }
    assert!(asked > 500_000);
    let all_day = Span::AllDay {
        start: d("2024-03-30"),
        end: d("2024-03-31"),
    };
    let days = Days {
        first: d("2024-03-31"),
        last: d("2024-03-31"),
        source: "test",
    };
    assert_eq!(days.place(Tz::UTC, &all_day), Ordering::Less);
}
