//! The parts of JavaScript's `Date` that datetime.js uses, in UTC only:
//! `Date.UTC`, the `getUTC*` accessors and `Date.parse` of ISO 8601 strings.

/// Milliseconds in a day.
pub const MS_PER_DAY: f64 = 86_400_000.0;

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month 1-12, day) of a day number.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `Date.UTC(year, month0, day, h, m, s, ms)` with JavaScript's overflow rules.
pub fn date_utc(year: f64, month: f64, day: f64, h: f64, mi: f64, s: f64, ms: f64) -> f64 {
    let parts = [year, month, day, h, mi, s, ms];
    if parts.iter().any(|p| !p.is_finite()) {
        return f64::NAN;
    }
    let year = year.trunc();
    let year = if (0.0..=99.0).contains(&year) { 1900.0 + year } else { year };
    let month = month.trunc();
    let ym = year + (month / 12.0).floor();
    let mn = month.rem_euclid(12.0);
    if ym.abs() > 400_000.0 {
        return f64::NAN;
    }
    let days = days_from_civil(ym as i64, mn as i64 + 1, 1) as f64 + day.trunc() - 1.0;
    let time = h.trunc() * 3_600_000.0 + mi.trunc() * 60_000.0 + s.trunc() * 1000.0 + ms.trunc();
    time_clip(days * MS_PER_DAY + time)
}

/// `TimeClip`.
pub fn time_clip(t: f64) -> f64 {
    if !t.is_finite() || t.abs() > 8.64e15 {
        f64::NAN
    } else {
        t.trunc() + 0.0
    }
}

/// The UTC fields of a time value (`new Date(millis)`).
#[derive(Debug, Clone, Copy)]
pub struct DateParts {
    /// Milliseconds since the epoch.
    pub millis: f64,
    /// Full year.
    pub year: i64,
    /// Month 0-11.
    pub month: i64,
    /// Day of month 1-31.
    pub day: i64,
    /// Hours 0-23.
    pub hours: i64,
    /// Minutes.
    pub minutes: i64,
    /// Seconds.
    pub seconds: i64,
    /// Milliseconds.
    pub ms: i64,
    /// Day of week, 0 = Sunday.
    pub weekday: i64,
}

/// Splits a time value into UTC fields.
pub fn parts(millis: f64) -> DateParts {
    let t = if millis.is_finite() { millis } else { 0.0 };
    let days = (t / MS_PER_DAY).floor() as i64;
    let in_day = t as i64 - days * 86_400_000;
    let (y, m, d) = civil_from_days(days);
    DateParts {
        millis: t,
        year: y,
        month: m - 1,
        day: d,
        hours: in_day / 3_600_000,
        minutes: in_day / 60_000 % 60,
        seconds: in_day / 1000 % 60,
        ms: in_day % 1000,
        weekday: (days + 4).rem_euclid(7),
    }
}

fn digits(s: &[u8], i: &mut usize, n: usize) -> Option<i64> {
    let t = s.get(*i..*i + n)?;
    if !t.iter().all(u8::is_ascii_digit) {
        return None;
    }
    *i += n;
    std::str::from_utf8(t).ok()?.parse().ok()
}

/// `Date.parse` for the ISO 8601 forms jsonata's `$toMillis` accepts (UTC assumed
/// when no offset is given); NaN when unparseable.
pub fn parse_iso(s: &str) -> f64 {
    parse_iso_opt(s.as_bytes()).unwrap_or(f64::NAN)
}

fn parse_iso_opt(b: &[u8]) -> Option<f64> {
    let mut i = 0;
    let year = digits(b, &mut i, 4)?;
    let (mut month, mut day) = (1, 1);
    if b.get(i) == Some(&b'-') {
        i += 1;
        month = digits(b, &mut i, 2)?;
        if b.get(i) == Some(&b'-') {
            i += 1;
            day = digits(b, &mut i, 2)?;
        }
    }
    let (mut time, mut offset) = ([0i64; 3], 0);
    let mut ms = 0.0;
    if b.get(i) == Some(&b'T') {
        i += 1;
        (time, ms) = parse_time(b, &mut i)?;
        offset = parse_offset(b, &mut i)?;
    }
    let [h, mi, sec] = time;
    if i != b.len() || !(1..=12).contains(&month) || !(1..=31).contains(&day) || h > 24 || mi > 59 || sec > 59 {
        return None;
    }
    let t = date_utc(year as f64, (month - 1) as f64, day as f64, h as f64, mi as f64, sec as f64, ms);
    Some(t - offset as f64 * 60_000.0)
}

/// `HH:mm[:ss[.fff]]`: hours, minutes, seconds and milliseconds (truncated).
fn parse_time(b: &[u8], i: &mut usize) -> Option<([i64; 3], f64)> {
    let h = digits(b, i, 2)?;
    expect(b, i, b':')?;
    let mi = digits(b, i, 2)?;
    let (mut sec, mut ms) = (0, 0.0);
    if b.get(*i) == Some(&b':') {
        *i += 1;
        sec = digits(b, i, 2)?;
        if b.get(*i) == Some(&b'.') {
            *i += 1;
            let start = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            let frac = std::str::from_utf8(&b[start..*i]).ok()?;
            ms = (format!("0.{frac}").parse::<f64>().ok()? * 1000.0).floor();
        }
    }
    Some(([h, mi, sec], ms))
}

fn expect(b: &[u8], i: &mut usize, c: u8) -> Option<()> {
    (b.get(*i) == Some(&c)).then(|| *i += 1)
}

fn parse_offset(b: &[u8], i: &mut usize) -> Option<i64> {
    match b.get(*i) {
        Some(b'Z') => {
            *i += 1;
            Some(0)
        }
        Some(c @ (b'+' | b'-')) => {
            let sign = if *c == b'-' { -1 } else { 1 };
            *i += 1;
            let hh = digits(b, i, 2)?;
            if b.get(*i) == Some(&b':') {
                *i += 1;
            }
            let mm = digits(b, i, 2)?;
            Some(sign * (hh * 60 + mm))
        }
        _ => Some(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trip() {
        assert_eq!(date_utc(2018.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0), 1517443200000.0);
        assert_eq!(parse_iso("2018-02-01T09:42:13.123+0000"), 1517478133123.0);
        assert_eq!(parse_iso("2018"), 1514764800000.0);
        let p = parts(1517478133123.0);
        assert_eq!((p.year, p.month, p.day, p.hours, p.weekday), (2018, 1, 1, 9, 4));
        assert_eq!(date_utc(99.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0), 915148800000.0);
    }
}
