//! The people roster (`--people FILE.csv`): who is who, in which team, in
//! which zone and hours. One row per person, `email` required; `name`,
//! `team`, `manager`, `zone`, `work_start`, `work_end` and `work_days`
//! optional; every other column is an attribute to group by. A bad row is an
//! error naming its line, so a typo never silently regroups a team.

use std::collections::{BTreeMap, HashMap};

use chrono_tz::Tz;

use crate::config::{HoursFile, WorkingHours};

/// One person of the roster.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterRow {
    /// Line in the file (the header is line 1).
    pub line: usize,
    /// Lower-case address.
    pub email: String,
    pub zone: Option<Tz>,
    /// Hours when the row names any of them (missing keys from the team's hours).
    pub hours: Option<WorkingHours>,
    /// Every other non-empty column by its lower-case name (`name`, `team`,
    /// `manager` and any extra column).
    pub attributes: BTreeMap<String, String>,
}

/// A validated roster.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Roster {
    /// Attribute columns in file order (lower case).
    pub columns: Vec<String>,
    pub rows: Vec<RosterRow>,
}

/// A roster that cannot be used; nothing is written.
#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

const HOURS_COLUMNS: [&str; 3] = ["work_start", "work_end", "work_days"];

impl Roster {
    /// Reads and validates a roster file.
    pub fn load(path: &std::path::Path, team: WorkingHours) -> Result<Roster, RosterError> {
        let name = path.display().to_string();
        let text = std::fs::read(path).map_err(|source| RosterError::Read {
            path: name.clone(),
            source,
        })?;
        Roster::parse(&text, team).map_err(|message| RosterError::Invalid {
            path: name,
            message,
        })
    }

    /// Parses CSV bytes (UTF-8, a header row, comma-separated).
    pub fn parse(text: &[u8], team: WorkingHours) -> Result<Roster, String> {
        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text);
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| format!("line 1: {e}"))?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        let email_at = header
            .iter()
            .position(|h| h == "email")
            .ok_or("no `email` column (the roster needs one row per person with their address)")?;
        let mut roster = Roster {
            columns: header
                .iter()
                .filter(|h| *h != "email" && *h != "zone" && !HOURS_COLUMNS.contains(&h.as_str()))
                .cloned()
                .collect(),
            rows: Vec::new(),
        };
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, record) in reader.records().enumerate() {
            let line = i + 2;
            let record = record.map_err(|e| format!("line {line}: {e}"))?;
            let cells: Vec<&str> = record.iter().map(str::trim).collect();
            let row = row(line, &header, &cells, email_at, team)
                .map_err(|m| format!("line {line}: {m}"))?;
            if let Some(first) = seen.insert(row.email.clone(), line) {
                return Err(format!(
                    "line {line}: {} is already on line {first} (one row per person)",
                    row.email
                ));
            }
            roster.rows.push(row);
        }
        Ok(roster)
    }

    /// The row of an address.
    pub fn get(&self, email: &str) -> Option<&RosterRow> {
        self.rows.iter().find(|r| r.email == email)
    }
}

fn row(
    line: usize,
    header: &[String],
    cells: &[&str],
    email_at: usize,
    team: WorkingHours,
) -> Result<RosterRow, String> {
    let email = cells
        .get(email_at)
        .map(|e| e.trim_start_matches("mailto:").to_lowercase())
        .filter(|e| e.contains('@'))
        .ok_or("the email cell is empty or not an address")?;
    let cell = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .and_then(|i| cells.get(i))
            .filter(|v| !v.is_empty())
            .map(|v| v.to_string())
    };
    let zone = cell("zone")
        .map(|z| {
            z.parse::<Tz>()
                .map_err(|_| format!("`{z}` is not an IANA zone (for example Europe/Berlin)"))
        })
        .transpose()?;
    let hours_file = HoursFile {
        work_start: cell("work_start"),
        work_end: cell("work_end"),
        work_days: cell("work_days").map(|d| {
            d.split([' ', ';', ',', '|'])
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        }),
    };
    let hours = if hours_file.is_empty() {
        None
    } else {
        Some(hours_file.apply(team)?)
    };
    let attributes = header
        .iter()
        .zip(cells)
        .filter(|(h, v)| {
            !v.is_empty() && *h != "email" && *h != "zone" && !HOURS_COLUMNS.contains(&h.as_str())
        })
        .map(|(h, v)| (h.clone(), v.to_string()))
        .collect();
    Ok(RosterRow {
        line,
        email,
        zone,
        hours,
        attributes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveTime, Weekday};

    fn parse(text: &str) -> Result<Roster, String> {
        Roster::parse(text.as_bytes(), WorkingHours::default())
    }

    #[test]
    fn rows_carry_zone_hours_and_every_other_column_as_an_attribute() {
        let r = parse("email,name,team,manager,zone,work_start,work_days,level\nAna@X.org,Ana,Data,bo@x.org,Asia/Kolkata,10:00,Mon Tue,L3\nbo@x.org,Bo,Data,,,,,\n").unwrap();
        assert_eq!(r.columns, ["name", "team", "manager", "level"]);
        let ana = r.get("ana@x.org").unwrap();
        assert_eq!(ana.zone, Some(Tz::Asia__Kolkata));
        let h = ana.hours.unwrap();
        assert_eq!(h.start, NaiveTime::from_hms_opt(10, 0, 0).unwrap());
        assert_eq!(h.end, WorkingHours::default().end);
        assert!(h.works_on(Weekday::Tue) && !h.works_on(Weekday::Wed));
        assert_eq!(ana.attributes["team"], "Data");
        assert_eq!(ana.attributes["level"], "L3");
        let bo = r.get("bo@x.org").unwrap();
        assert_eq!((bo.zone, bo.hours, bo.line), (None, None, 3));
        assert!(!bo.attributes.contains_key("manager"));
    }

    #[test]
    fn a_bad_row_is_an_error_naming_its_line() {
        let err = |t: &str| parse(t).unwrap_err();
        assert!(err("name\nAna\n").contains("email"));
        assert!(
            err("email,zone\na@x.org,UTC\nb@x.org,Mars/Base\n").starts_with("line 3: `Mars/Base`")
        );
        assert!(
            err("email,work_start,work_end\na@x.org,17:00,09:00\n").starts_with("line 2: work_end")
        );
        assert!(err("email\na@x.org\nb@x.org\nA@x.org\n")
            .contains("line 4: a@x.org is already on line 2"));
        assert!(err("email\nnobody\n").starts_with("line 2"));
        assert!(err("email,team\na@x.org,Data,extra\n").starts_with("line 2"));
    }
}
