//! The synthetic organisation behind `sample-data/`, the tests and the
//! benchmarks: [`org`] and [`load`] decide who meets when, [`write`](mod@write) renders
//! each person's calendar in a vendor's export style ([`headers`], [`zones`]),
//! [`takeout`] packs Google people's calendars as a Takeout zip, and
//! `people.csv` is the roster.

mod extras;
mod headers;
mod holidays;
mod load;
pub mod org;
mod routine;
mod takeout;
pub mod write;
mod zones;

pub use org::{generate, Policy, SampleOptions};
use write::Style;

/// Every file of a generated organisation: `(relative path, bytes)`. One
/// calendar per person (`<stem>.ics` for Outlook and Apple, `<stem>.zip`
/// holding a Google Takeout for Google people) plus `people.csv`.
pub fn files(opts: &SampleOptions) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let org = generate(opts);
    let mut out = Vec::with_capacity(org.people.len() + 1);
    for (i, p) in org.people.iter().enumerate() {
        let events = org.calendar_of(i);
        let stem = p.email.split('@').next().unwrap_or("person");
        let primary = write::calendar(&org, i, &events, p.style, opts.expanded);
        out.push(match p.style {
            Style::Google => (
                format!("{stem}.zip"),
                takeout::zip(&org, i, &primary, opts.expanded)?,
            ),
            _ => (format!("{stem}.ics"), primary.into_bytes()),
        });
    }
    out.push(("people.csv".to_string(), roster(&org).into_bytes()));
    Ok(out)
}

/// `people.csv`: email, name, team (its name), manager (the team manager's
/// address, empty for managers), zone, then the export style as an extra
/// attribute.
fn roster(org: &org::Org) -> String {
    let mut out = String::from("email,name,team,manager,zone,export_style\n");
    for p in &org.people {
        let manager = org
            .people
            .iter()
            .find(|m| m.manager && m.team == p.team)
            .filter(|_| !p.manager)
            .map_or("", |m| m.email.as_str());
        let row = [
            p.email.as_str(),
            &p.name,
            &org.team_name(p.team),
            manager,
            p.zone.name(),
            &format!("{:?}", p.style).to_lowercase(),
        ];
        out += &row.map(csv_field).join(",");
        out.push('\n');
    }
    out
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests;
