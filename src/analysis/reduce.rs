//! The REDUCE of the analysis: the people's partials (see [`super::partial`])
//! to the team's [`Analysis`]. It reads only the compact rows, never a
//! calendar, so it runs the same on partials just mapped in this process
//! and on partials read back from Parquet (`meetload reduce`).

use rayon::prelude::*;

use super::focus_cost::FocusCost;
use super::partial::{PersonMeta, PersonPartial};
use super::person::PersonDays;
use super::weeks::person_weeks;
use super::{burden, candidates, core_hours, groups, heatmap, hygiene, moves, series, Analysis};
use crate::config::Options;

/// The team's analysis from everyone's partials (in roster order: the first
/// person's copy of a meeting wins a tie). The partials are taken by value:
/// their person-days move into the analysis, and the rest is freed (on
/// both cores, see [`free`]) before the tables are built, so that the
/// tables reuse its memory. Freed on a thread of its own beside the tables
/// instead, it was still alive while they were built: the peak then
/// depended on which finished first (4,000 people: 1,543 MiB, now 1,500).
pub fn reduce(parts: Vec<PersonPartial>, opts: &Options) -> Analysis {
    reduce_beside(parts, opts, |_| (), free).0
}

/// Frees the partials on both cores.
pub fn free(parts: Vec<PersonPartial>) {
    parts.into_par_iter().for_each(drop);
}

/// [`reduce`], with `beside` run on the person-days while the rest of the
/// reduce runs (rayon): `analyze` writes the tables made of the
/// person-days there, which need nothing else of the reduce. The partials
/// go to `leftover` as soon as the rest of the reduce is done, beside
/// `beside` when that still runs: [`free`], or left to a process about to
/// exit (the commands, see `cmd::analyze::reduce_into`).
pub fn reduce_beside<R: Send>(
    mut parts: Vec<PersonPartial>,
    opts: &Options,
    beside: impl FnOnce(&PersonDays) -> R + Send,
    leftover: impl FnOnce(Vec<PersonPartial>) + Send,
) -> (Analysis, R) {
    let person_days: PersonDays = parts
        .iter_mut()
        .map(|p| std::mem::take(&mut p.person_days))
        .collect();
    let days = &person_days;
    let (rest, beside) = rayon::join(
        move || {
            let rest = reduce_rest(&parts, days, opts);
            leftover(parts);
            rest
        },
        || beside(days),
    );
    let analysis = Analysis {
        person_days,
        ..rest
    };
    (analysis, beside)
}

/// [`reduce`] once the person-days are out of the partials (the analysis
/// without them). What reads the meetings waits for their dedupe; what
/// does not (the person-weeks and the groups' weeks, core hours and heat
/// map) runs beside it all, and the series audit beside the
/// per-person views of the meetings (rayon): run after the rest, the
/// groups' weeks alone took 30 ms of the reduce's wall time.
fn reduce_rest(parts: &[PersonPartial], person_days: &PersonDays, opts: &Options) -> Analysis {
    let people: Vec<&PersonMeta> = parts.iter().map(|p| &p.meta).collect();
    let months = months_covered(&people);
    let as_of = people.iter().filter_map(|p| p.analysed).map(|d| d.1).max();
    let of_meetings = || {
        // the focus totals are summed on one thread: beside the dedupe
        let (focus, meetings) =
            rayon::join(|| focus_totals(parts), || series::collect_meetings(parts));
        let series_audit = || {
            let (series, months) = series::series_table(&meetings, months, &focus, as_of, opts);
            let candidates = candidates::candidates(&series, opts);
            (series, months, candidates)
        };
        let per_person = || {
            (
                moves::costly_meetings(&meetings, parts, opts),
                hygiene::hygiene_rows(parts, &meetings, &people, opts),
            )
        };
        let (audit, (costly, hygiene)) = rayon::join(series_audit, per_person);
        (meetings, audit, costly, hygiene)
    };
    let of_people = || {
        let weeks = person_weeks(person_days.iter());
        let core = as_of
            .map(|d| core_hours::core_windows(parts, &people, d, opts))
            .unwrap_or_default();
        let groups = (
            groups::group_weeks(&weeks, &people, opts),
            groups::group_totals(&weeks, &people, opts),
            groups::membership(&people, opts),
        );
        let heatmap = heatmap::heatmap(parts, weeks.len());
        (weeks, groups, core, heatmap)
    };
    let (by_meeting, by_person) = rayon::join(of_meetings, of_people);
    let (meetings, (series, series_months, candidates), costly, hygiene) = by_meeting;
    let (weeks, (group_weeks, group_totals, membership), core, heatmap) = by_person;
    Analysis {
        group_weeks,
        group_totals,
        membership,
        burden: burden::burden_rows(parts, &people, opts),
        heatmap,
        hygiene,
        candidates,
        costly,
        series_months,
        core,
        person_days: PersonDays::default(),
        person_weeks: weeks,
        meetings,
        series,
        months,
    }
}

/// Focus minutes lost per series, summed over the attendees (each person's
/// term came from their own map step). A key already counted is added to
/// without a clone of its `Arc` (most are: a series has many attendees).
fn focus_totals(parts: &[PersonPartial]) -> FocusCost {
    let mut focus = FocusCost::default();
    for p in parts {
        for (k, v) in &p.focus {
            match focus.get_mut(k) {
                Some(total) => *total += v,
                None => {
                    focus.insert(k.clone(), *v);
                }
            }
        }
    }
    focus
}

/// Months between the first and the last analysed day of anyone (days / 30.44).
fn months_covered(people: &[&PersonMeta]) -> f64 {
    let first = people.iter().filter_map(|p| p.analysed).map(|d| d.0).min();
    let last = people.iter().filter_map(|p| p.analysed).map(|d| d.1).max();
    match (first, last) {
        (Some(a), Some(b)) => ((b - a).num_days() + 1) as f64 / 30.44,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::map_people;
    use crate::ics::{import_bytes, ImportOptions};
    use crate::people::one_person;

    #[test]
    fn beside_sees_every_analysed_day_and_the_analysis_keeps_them() {
        // two people, each analysed Monday 8 to Sunday 14 January 2024
        let person = |owner: &str| {
            let text = format!("BEGIN:VCALENDAR\nX-WR-CALNAME:{owner}\nX-WR-TIMEZONE:UTC\nX-CLIPSTART:20240108T000000Z\nX-CLIPEND:20240115T000000Z\nBEGIN:VEVENT\nUID:s\nSUMMARY:Sync\nDTSTART:20240109T100000Z\nDTEND:20240109T110000Z\nORGANIZER:mailto:a@x.org\nATTENDEE:mailto:b@x.org\nEND:VEVENT\nEND:VCALENDAR\n");
            let cal = import_bytes(text.as_bytes(), owner, &ImportOptions::default());
            one_person(cal, &Options::default())
        };
        let opts = Options::default();
        let parts = map_people([person("a@x.org"), person("b@x.org")], &opts);
        let (a, seen) = reduce_beside(
            parts,
            &opts,
            |days| {
                days.iter()
                    .map(|d| (d.person.to_string(), d.date))
                    .collect::<Vec<_>>()
            },
            free,
        );
        assert_eq!(seen.len(), 14);
        let kept: Vec<_> = a
            .person_days
            .iter()
            .map(|d| (d.person.to_string(), d.date))
            .collect();
        assert_eq!(seen, kept);
        // the rest of the reduce ran too: the meeting both hold, once
        assert_eq!(a.meetings.len(), 1);
        assert_eq!(a.person_weeks.len(), 2);
    }
}
