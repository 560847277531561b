//! `formatDateTime` and `getDateTimeFragment` of datetime.js.

use super::calendar::{date_utc, parts, DateParts, MS_PER_DAY};
use super::integer::{analyse_integer_picture, format_integer, Case};
use super::picture::{analyse_date_time_picture, Marker, Part};
use crate::error::Error;
use crate::number::{parse_int, to_js_string};

const DAYS: [&str; 8] = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
/// Month names.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A fragment value: a number or a string.
#[derive(Debug, Clone)]
pub enum Fragment {
    /// Numeric component.
    Num(f64),
    /// Textual component.
    Text(String),
    /// No value (unknown component).
    None,
}

/// `startOfFirstWeek(ym)`: millis of the Monday starting week 1.
fn start_of_first_week(year: i64, month: i64) -> f64 {
    let jan1 = date_utc(year as f64, month as f64, 1.0, 0.0, 0.0, 0.0, 0.0);
    let mut dow = parts(jan1).weekday;
    if dow == 0 {
        dow = 7;
    }
    if dow > 4 {
        jan1 + (8 - dow) as f64 * MS_PER_DAY
    } else {
        jan1 - (dow - 1) as f64 * MS_PER_DAY
    }
}

fn next_month(y: i64, m: i64) -> (i64, i64) {
    if m == 11 {
        (y + 1, 0)
    } else {
        (y, m + 1)
    }
}

fn prev_month(y: i64, m: i64) -> (i64, i64) {
    if m == 0 {
        (y - 1, 11)
    } else {
        (y, m - 1)
    }
}

fn delta_weeks(start: f64, end: f64) -> f64 {
    (end - start) / (MS_PER_DAY * 7.0) + 1.0
}

fn week_in_year(d: &DateParts) -> f64 {
    let start = start_of_first_week(d.year, 0);
    let today = date_utc(d.year as f64, d.month as f64, d.day as f64, 0.0, 0.0, 0.0, 0.0);
    let mut week = delta_weeks(start, today);
    if week > 52.0 {
        if today >= start_of_first_week(d.year + 1, 0) {
            week = 1.0;
        }
    } else if week < 1.0 {
        week = delta_weeks(start_of_first_week(d.year - 1, 0), today);
    }
    week.floor()
}

fn week_in_month(d: &DateParts) -> f64 {
    let start = start_of_first_week(d.year, d.month);
    let today = date_utc(d.year as f64, d.month as f64, d.day as f64, 0.0, 0.0, 0.0, 0.0);
    let mut week = delta_weeks(start, today);
    if week > 4.0 {
        let (ny, nm) = next_month(d.year, d.month);
        if today >= start_of_first_week(ny, nm) {
            week = 1.0;
        }
    } else if week < 1.0 {
        let (py, pm) = prev_month(d.year, d.month);
        week = delta_weeks(start_of_first_week(py, pm), today);
    }
    week.floor()
}

/// `getDateTimeFragment(date, component)`.
pub fn fragment(d: &DateParts, component: char) -> Fragment {
    use Fragment::*;
    match component {
        'Y' => Num(d.year as f64),
        'M' => Num((d.month + 1) as f64),
        'D' => Num(d.day as f64),
        'd' => {
            let today = date_utc(d.year as f64, d.month as f64, d.day as f64, 0.0, 0.0, 0.0, 0.0);
            let jan1 = date_utc(d.year as f64, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0);
            Num((today - jan1) / MS_PER_DAY + 1.0)
        }
        'F' => Num(if d.weekday == 0 { 7.0 } else { d.weekday as f64 }),
        'W' => Num(week_in_year(d)),
        'w' => Num(week_in_month(d)),
        'X' => {
            let (start, end) = (start_of_first_week(d.year, 0), start_of_first_week(d.year + 1, 0));
            Num(if d.millis < start {
                d.year - 1
            } else if d.millis >= end {
                d.year + 1
            } else {
                d.year
            } as f64)
        }
        'x' => {
            let start = start_of_first_week(d.year, d.month);
            let (ny, nm) = next_month(d.year, d.month);
            let end = start_of_first_week(ny, nm);
            let m = if d.millis < start {
                prev_month(d.year, d.month).1
            } else if d.millis >= end {
                nm
            } else {
                d.month
            };
            Num((m + 1) as f64)
        }
        'H' => Num(d.hours as f64),
        'h' => Num(match d.hours % 12 {
            0 => 12.0,
            h => h as f64,
        }),
        'P' => Text(if d.hours >= 12 { "pm" } else { "am" }.into()),
        'm' => Num(d.minutes as f64),
        's' => Num(d.seconds as f64),
        'f' => Num(d.ms as f64),
        'C' | 'E' => Text("ISO".into()),
        _ => None,
    }
}

fn apply_case(s: String, case: Option<Case>) -> String {
    match case {
        Some(Case::Upper) => s.to_uppercase(),
        Some(Case::Lower) => s.to_lowercase(),
        _ => s,
    }
}

struct Offset {
    hours: f64,
    minutes: f64,
}

fn name_component(m: &Marker, v: f64) -> Result<String, Error> {
    let name = match m.component {
        'M' | 'x' => MONTHS.get((v - 1.0) as usize).copied().unwrap_or("undefined"),
        'F' => DAYS.get(v as usize).copied().unwrap_or("undefined"),
        c => return Err(Error::new("D3133").value_str(&c.to_string())),
    };
    let mut s = apply_case(name.to_string(), m.names);
    if let Some(max) = m.width.and_then(|w| w.max) {
        if (s.chars().count() as f64) > max {
            s = s.chars().take(max as usize).collect();
        }
    }
    Ok(s)
}

fn format_component(d: &DateParts, m: &Marker, off: &Offset, max_len: usize) -> Result<String, Error> {
    let value = fragment(d, m.component);
    let fmt = |v: f64| -> Result<String, Error> {
        match &m.integer_format {
            Some(f) => format_integer(v, f, max_len),
            None => Ok(to_js_string(v)),
        }
    };
    if "YMDdFWwXxHhms".contains(m.component) {
        let Fragment::Num(mut v) = value else {
            return Ok("undefined".into());
        };
        if m.component == 'Y' && m.n != -1 {
            v %= 10f64.powi(m.n as i32);
        }
        return if m.names.is_some() { name_component(m, v) } else { fmt(v) };
    }
    match (m.component, value) {
        ('f', Fragment::Num(v)) => fmt(v),
        ('Z' | 'z', _) => timezone(m, off, max_len),
        ('P', Fragment::Text(t)) => Ok(if m.names == Some(Case::Upper) { t.to_uppercase() } else { t }),
        (_, Fragment::Text(t)) => Ok(t),
        (_, Fragment::Num(v)) => Ok(to_js_string(v)),
        (_, Fragment::None) => Ok("undefined".into()),
    }
}

fn timezone(m: &Marker, off: &Offset, max_len: usize) -> Result<String, Error> {
    let offset = off.hours * 100.0 + off.minutes;
    let Some(f) = &m.integer_format else {
        return Ok(String::new());
    };
    let mut s = if f.regular {
        format_integer(offset, f, max_len)?
    } else {
        match f.mandatory_digits {
            1 | 2 => {
                let mut s = format_integer(off.hours, f, max_len)?;
                if off.minutes != 0.0 {
                    let two = analyse_integer_picture("00")?;
                    s = format!("{s}:{}", format_integer(off.minutes.floor(), &two, max_len)?);
                }
                s
            }
            3 | 4 => format_integer(offset, f, max_len)?,
            n => return Err(Error::new("D3134").value_json(Some(n.to_string()))),
        }
    };
    if offset >= 0.0 {
        s.insert(0, '+');
    }
    if m.component == 'z' {
        s.insert_str(0, "GMT");
    }
    if offset == 0.0 && m.presentation2 == Some('t') {
        s = "Z".into();
    }
    Ok(s)
}

/// The default ISO 8601 picture.
pub const ISO_PICTURE: &str = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]";

/// `formatDateTime(millis, picture, timezone)`.
pub fn format_date_time(millis: f64, picture: Option<&str>, tz: Option<&str>, max_len: usize) -> Result<String, Error> {
    let mut off = Offset { hours: 0.0, minutes: 0.0 };
    if let Some(tz) = tz {
        let offset = parse_int(tz);
        off.hours = (offset / 100.0).floor();
        off.minutes = offset % 100.0;
    }
    let spec = analyse_date_time_picture(picture.unwrap_or(ISO_PICTURE))?;
    let offset_millis = (60.0 * off.hours + off.minutes) * 60.0 * 1000.0;
    let d = parts(millis + offset_millis);
    let mut out = String::new();
    for part in &spec {
        match part {
            Part::Literal(s) => out.push_str(s),
            Part::Marker(m) => out.push_str(&format_component(&d, m, &off, max_len)?),
        }
        if out.len() > max_len {
            return Err(Error::new("U1004").value_json(Some(max_len.to_string())));
        }
    }
    Ok(out)
}
