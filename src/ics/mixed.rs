//! DTSTART and DTEND that disagree on floating versus zoned time.
//!
//! §3.8.2.2 requires DTEND to be floating exactly when DTSTART is. Real
//! exports break this (`DTSTART:20250814T180000` with
//! `DTEND;TZID=Europe/Brussels:20250814T190000`); read each in a different
//! zone, such an event could end before it starts and be swapped into a
//! zero-length one. The floating value takes the zone of its partner (a UTC
//! partner gives UTC), with a warning.

use super::parse::RawEvent;
use super::quality::Quality;
use super::values::RawTime;

/// Gives a floating DTSTART or DTEND the zone of the other one. Every event
/// asks, and nearly none disagrees: the zones are compared where they lie
/// and copied only for an event that does.
pub fn borrow_partner_zone(ev: &mut RawEvent, q: &mut Quality) {
    let (Some(start_zone), Some(end_zone)) = (zone_of(&ev.dtstart), zone_of(&ev.dtend)) else {
        return;
    };
    let (zone, floating_start) = match (start_zone, end_zone) {
        (None, Some(z)) => (z.to_string(), true),
        (Some(z), None) => (z.to_string(), false),
        _ => return,
    };
    let (target, which) = if floating_start {
        (&mut ev.dtstart, "DTSTART")
    } else {
        (&mut ev.dtend, "DTEND")
    };
    let Some(RawTime::Local { tzid, .. }) = target else {
        return;
    };
    *tzid = Some(zone.as_str().into());
    q.warn(
        ev.line,
        format!(
            "VEVENT `{}`: floating {which} read in its partner's zone {zone}",
            ev.uid()
        ),
    );
}

/// `Some(None)` for a floating time, `Some(Some(zone))` for a zoned or UTC one,
/// `None` for a date or no value.
fn zone_of(t: &Option<RawTime>) -> Option<Option<&str>> {
    match t {
        Some(RawTime::Local { tzid, .. }) => Some(tzid.as_deref()),
        Some(RawTime::Utc(_)) => Some(Some("UTC")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn local(h: u32, tzid: Option<&str>) -> Option<RawTime> {
        Some(RawTime::Local {
            at: NaiveDate::from_ymd_opt(2025, 8, 14)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap(),
            tzid: tzid.map(Into::into),
        })
    }

    #[test]
    fn the_floating_value_takes_its_partners_zone() {
        let mut q = Quality::default();
        let mut ev = RawEvent {
            dtstart: local(18, None),
            dtend: local(19, Some("Europe/Brussels")),
            ..RawEvent::default()
        };
        borrow_partner_zone(&mut ev, &mut q);
        assert_eq!(ev.dtstart, local(18, Some("Europe/Brussels")));
        let mut reverse = RawEvent {
            dtstart: local(18, Some("Asia/Tokyo")),
            dtend: local(19, None),
            ..RawEvent::default()
        };
        borrow_partner_zone(&mut reverse, &mut q);
        assert_eq!(reverse.dtend, local(19, Some("Asia/Tokyo")));
        let mut both_floating = RawEvent {
            dtstart: local(18, None),
            dtend: local(19, None),
            ..RawEvent::default()
        };
        borrow_partner_zone(&mut both_floating, &mut q);
        assert_eq!(both_floating.dtstart, local(18, None));
        assert_eq!(q.warnings.len(), 2);
    }
}
