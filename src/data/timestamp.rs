//! ISO-8601 extended offset date-times, as AWS parses them (Java's `ISO_OFFSET_DATE_TIME`:
//! `2016-03-14T01:59:00Z`, `…T01:59:00.123+01:00`, `…T01:59Z`; an offset is required), and the
//! millisecond UTC form the history and the context object print.

/// Nanoseconds since 1970-01-01T00:00:00Z of an ISO-8601 extended offset date-time, or `None`
/// when `text` is not one (missing offset, `25:00`, `2016-13-05`, a space for `T`, …).
pub fn parse_nanos(text: &str) -> Option<i128> {
    let bytes = text.as_bytes();
    let (date, rest) = (bytes.get(..10)?, bytes.get(10..)?);
    let (year, month, day) = parse_date(date)?;
    if !rest.first()?.eq_ignore_ascii_case(&b'T') {
        return None;
    }
    let (seconds_of_day, nanos, rest) = parse_time(rest.get(1..)?)?;
    let offset = parse_offset(rest)?;
    let days = days_from_civil(year, month, day);
    let seconds = i128::from(days) * 86_400 + i128::from(seconds_of_day) - i128::from(offset);
    Some(seconds * 1_000_000_000 + i128::from(nanos))
}

/// Epoch milliseconds of an ISO-8601 extended offset date-time (see [`parse_nanos`]).
pub fn parse_millis(text: &str) -> Option<i64> {
    i64::try_from(parse_nanos(text)?.div_euclid(1_000_000)).ok()
}

/// `2024-01-01T00:00:00.000Z` for epoch milliseconds.
pub fn format_millis(millis: i64) -> String {
    let (days, ms_of_day) = (millis.div_euclid(86_400_000), millis.rem_euclid(86_400_000));
    let (year, month, day) = civil_from_days(days);
    let (h, m, s, ms) = (ms_of_day / 3_600_000, ms_of_day / 60_000 % 60, ms_of_day / 1000 % 60, ms_of_day % 1000);
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{ms:03}Z")
}

fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    bytes.iter().try_fold(0u32, |n, b| n.checked_mul(10)?.checked_add(u32::from(b - b'0')))
}

fn parse_date(date: &[u8]) -> Option<(i64, u32, u32)> {
    if date.get(4) != Some(&b'-') || date.get(7) != Some(&b'-') {
        return None;
    }
    let year = i64::from(digits(date.get(..4)?)?);
    let month = digits(date.get(5..7)?)?;
    let day = digits(date.get(8..10)?)?;
    ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some((year, month, day))
}

/// `HH:mm[:ss[.f…]]`: seconds of the day, nanoseconds, and what follows.
fn parse_time(bytes: &[u8]) -> Option<(u32, u32, &[u8])> {
    let hour = digits(bytes.get(..2)?)?;
    (bytes.get(2) == Some(&b':')).then_some(())?;
    let minute = digits(bytes.get(3..5)?)?;
    let mut rest = bytes.get(5..)?;
    let mut second = 0;
    let mut nanos = 0;
    if rest.first() == Some(&b':') {
        second = digits(rest.get(1..3)?)?;
        rest = rest.get(3..)?;
        if rest.first() == Some(&b'.') {
            let count = rest.iter().skip(1).take_while(|b| b.is_ascii_digit()).count();
            if count == 0 || count > 9 {
                return None;
            }
            nanos = digits(rest.get(1..=count)?)? * 10u32.pow(9 - count as u32);
            rest = rest.get(count + 1..)?;
        }
    }
    (hour < 24 && minute < 60 && second < 60).then_some((hour * 3600 + minute * 60 + second, nanos, rest))
}

/// `Z` or `±HH:MM[:SS]`, as seconds east of UTC.
fn parse_offset(bytes: &[u8]) -> Option<i64> {
    if bytes.eq_ignore_ascii_case(b"z") {
        return Some(0);
    }
    let sign = match bytes.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours = i64::from(digits(bytes.get(1..3)?)?);
    (bytes.get(3) == Some(&b':')).then_some(())?;
    let minutes = i64::from(digits(bytes.get(4..6)?)?);
    let seconds = match bytes.get(6..) {
        Some([]) => 0,
        Some([b':', s @ ..]) if s.len() == 2 => i64::from(digits(s)?),
        _ => return None,
    };
    (hours <= 18 && minutes < 60 && seconds < 60).then_some(sign * (hours * 3600 + minutes * 60 + seconds))
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_extended_offset_date_times() {
        assert_eq!(parse_millis("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_millis("2016-03-14T01:59:00Z"), Some(1_457_920_740_000));
        assert_eq!(parse_millis("2016-03-14T02:59:00+01:00"), Some(1_457_920_740_000));
        assert_eq!(parse_millis("2016-03-14T01:59Z"), Some(1_457_920_740_000));
        assert_eq!(parse_millis("2016-03-14t01:59:00.5z"), Some(1_457_920_740_500));
        assert_eq!(parse_nanos("1970-01-01T00:00:00.000000001Z"), Some(1));
        assert_eq!(parse_millis("2024-02-29T00:00:00Z"), Some(1_709_164_800_000));
    }

    // The AWS-recorded Wait cases reject each of these ("does not reference a valid ISO-8601
    // extended offset date-time format string").
    #[test]
    fn rejects_what_aws_rejects() {
        for bad in [
            "2016-13-05T21:29:29Z",
            "05-12-2016T21:29:29Z",
            "2016-12-05T25:29:29Z",
            "2016-12-05 21:29:29Z",
            "2016-12-05T21:29:29",
            "2016-03-14T01:59:00.000000",
            "2023-02-29T00:00:00Z",
            "2016-03-14T01:59:00.Z",
            "",
            "2016-03-14",
        ] {
            assert_eq!(parse_nanos(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_milliseconds_in_utc() {
        assert_eq!(format_millis(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_millis(1_457_920_740_500), "2016-03-14T01:59:00.500Z");
        assert_eq!(format_millis(-1), "1969-12-31T23:59:59.999Z");
        for ms in [0, 951_782_400_000, 1_709_164_800_123, 4_102_444_800_000] {
            assert_eq!(parse_millis(&format_millis(ms)), Some(ms));
        }
    }
}
