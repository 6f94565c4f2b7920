//! Business hours of a helpdesk queue in Indonesia: a weekly schedule in a fixed-offset zone
//! (WIB = UTC+7, WITA = UTC+8, WIT = UTC+9; Indonesia has no daylight saving time) plus
//! holidays that close the whole local day.
//!
//! Everything here is pure: the current time is always passed in, nothing panics, and every
//! walk over days is bounded (by a small multiple of the number of holidays), so no schedule
//! or instant can make a call hang.

use std::collections::BTreeSet;

use chrono::{
    DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta,
    Timelike, Utc,
};

const MINUTES_PER_DAY: u16 = 24 * 60;
const SECONDS_PER_HOUR: i32 = 3600;
/// UTC+7, checked at compile time.
const WIB: FixedOffset = match FixedOffset::east_opt(7 * SECONDS_PER_HOUR) {
    Some(offset) => offset,
    None => panic!("UTC+7 is a valid offset"),
};
/// Largest offset accepted by [`BusinessHours::parse`] (UTC+14 is the largest in use anywhere).
const MAX_OFFSET_HOURS: i32 = 14;

const EN_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const ID_DAYS: [&str; 7] = [
    "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
];
const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const ID_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];

/// Opening hours of one weekday, in minutes after local midnight; `open < close <= 24:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    open: u16,
    close: u16,
}

impl Span {
    fn minutes(self) -> i64 {
        i64::from(self.close.saturating_sub(self.open))
    }
}

/// Weekly opening hours in a fixed-offset zone, with closed days (holidays).
///
/// Each weekday has at most one opening interval, which never crosses local midnight
/// (closing at 24:00 is allowed). Holidays are local calendar dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessHours {
    offset: FixedOffset,
    /// Monday first.
    week: [Option<Span>; 7],
    holidays: BTreeSet<NaiveDate>,
}

impl BusinessHours {
    /// Mon–Fri 08:00–16:00 WIB, no holidays.
    pub fn default_wib() -> BusinessHours {
        let day = Some(Span {
            open: 8 * 60,
            close: 16 * 60,
        });
        BusinessHours {
            offset: WIB,
            week: [day, day, day, day, day, None, None],
            holidays: BTreeSet::new(),
        }
    }

    /// Parses a spec like "Mon-Fri 08:00-16:00; Sat 08:00-12:00 WIB" (also Indonesian day names
    /// Sen Sel Rab Kam Jum Sab Min, and zones WIB/WITA/WIT or "+07:00"); days not listed are closed.
    /// Err(String) with a clear message on bad input.
    ///
    /// Accepted, case-insensitively:
    /// - days: English or Indonesian, short or full ("Mon", "Monday", "Sen", "Senin", "Jum'at",
    ///   "Ahad"), single, ranges ("Mon-Fri", "Senin s.d. Jumat", wrapping "Fri-Mon") and lists
    ///   ("Mon, Wed, Fri", "Sabtu dan Minggu");
    /// - hours: "08:00-16:00", "8.00 - 16.00", "0800-1600"; closing may be "24:00"; overnight
    ///   hours are refused;
    /// - groups separated by ";" or ",";
    /// - exactly one zone (it may be repeated): WIB, WITA, WIT, UTC, or a non-negative offset
    ///   "+07:00", "+7", "UTC+7", "GMT+08:00" up to +14:00. The zone is required: a spec
    ///   without one is an error rather than silently WIB.
    ///
    /// Each day has one interval (no lunch break) within the local day.
    ///
    /// En and em dashes are read as "-", so the output of [`BusinessHours::describe`] parses back.
    pub fn parse(spec: &str) -> Result<BusinessHours, String> {
        Parser::new(spec).run()
    }

    /// Adds closed local dates (the existing holidays are kept).
    pub fn with_holidays(mut self, days: impl IntoIterator<Item = NaiveDate>) -> BusinessHours {
        self.holidays.extend(days);
        self
    }

    /// Whether the desk is open at `at`: opening minute included, closing minute excluded.
    pub fn is_open(&self, at: DateTime<Utc>) -> bool {
        let Some(local) = self.to_local(at) else {
            return false;
        };
        matches!(self.window(local.date()), Some((open, close)) if open <= local && local < close)
    }

    /// The next moment the desk opens at or after `at` (== at when open); None if never (no open day).
    pub fn next_open(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.week_minutes() == 0 {
            return None;
        }
        let local = self.to_local(at)?;
        let mut day = local.date();
        // Every 7 consecutive days hold an open weekday, and each holiday removes at most one,
        // so the answer lies within 7 * (holidays + 1) days of the start.
        for _ in 0..=self.walk_limit() {
            if let Some((open, close)) = self.window(day)
                && local < close
            {
                return self.to_utc(open.max(local));
            }
            day = day.succ_opt()?;
        }
        None
    }

    /// Business time between two instants (only the open minutes count); zero if to <= from.
    pub fn business_elapsed(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> TimeDelta {
        if to <= from {
            return TimeDelta::zero();
        }
        let (Some(a), Some(b)) = (self.to_local(from), self.to_local(to)) else {
            return TimeDelta::zero();
        };
        let (first, last) = (a.date(), b.date());
        if first == last {
            return self.overlap(first, a, b);
        }
        let mut total = self.overlap(first, a, b) + self.overlap(last, a, b);
        if let (Some(d1), Some(d2)) = (first.succ_opt(), last.pred_opt())
            && d1 <= d2
        {
            total += minutes(self.full_days_minutes(d1, d2));
        }
        total
    }

    /// The instant when `budget` of business time will have passed since `from`.
    ///
    /// A budget that runs out exactly at closing time ends at closing time (not at the next
    /// opening). A zero or negative budget gives `from`. None if the desk never opens, or if the
    /// instant is beyond what chrono can represent. Long budgets are exact: whole weeks without
    /// holidays are skipped arithmetically, so `business_elapsed(from, deadline)` == `budget`.
    pub fn deadline(&self, from: DateTime<Utc>, budget: TimeDelta) -> Option<DateTime<Utc>> {
        if budget <= TimeDelta::zero() {
            return Some(from);
        }
        let week_minutes = self.week_minutes();
        if week_minutes == 0 {
            return None;
        }
        let start = self.to_local(from)?;
        let mut remaining = budget;
        let mut day = start.date();
        if let Some((open, close)) = self.window(day) {
            let begin = open.max(start);
            if begin < close {
                let available = close - begin;
                if remaining <= available {
                    return self.to_utc(begin.checked_add_signed(remaining)?);
                }
                remaining -= available;
            }
        }
        day = day.succ_opt()?;
        // Each walked day is either within a week before a holiday or within the final week,
        // hence the bound (see the comment in `next_open`).
        for _ in 0..=self.walk_limit() {
            let free_days = match self.holidays.range(day..).next() {
                Some(holiday) => holiday.signed_duration_since(day).num_days(),
                None => i64::MAX,
            };
            let jump = (free_days / 7).min(whole_weeks_before(remaining, week_minutes));
            if jump > 0 {
                day = day.checked_add_days(Days::new(u64::try_from(jump).ok()?.checked_mul(7)?))?;
                remaining -= minutes(jump.checked_mul(week_minutes)?);
            }
            if let Some((open, close)) = self.window(day) {
                let available = close - open;
                if remaining <= available {
                    return self.to_utc(open.checked_add_signed(remaining)?);
                }
                remaining -= available;
            }
            day = day.succ_opt()?;
        }
        None
    }

    /// Human text of the schedule for users, e.g. "Senin–Jumat 08.00–16.00 WIB" (Indonesian) or
    /// "Monday–Friday 08:00–16:00 WIB" (English). Days sharing the same hours form one group
    /// ("Senin–Rabu, Jumat 08.00–16.00; Sabtu 08.00–12.00 WIB"); holidays are not listed.
    /// With no open day: "Tutup WIB" / "Closed WIB".
    pub fn describe(&self, english: bool) -> String {
        let names = if english { &EN_DAYS } else { &ID_DAYS };
        let mut groups: Vec<(Span, [bool; 7])> = Vec::new();
        for (index, span) in self.week.iter().enumerate() {
            let Some(span) = *span else { continue };
            match groups.iter_mut().find(|(s, _)| *s == span) {
                Some((_, days)) => days[index] = true,
                None => {
                    let mut days = [false; 7];
                    days[index] = true;
                    groups.push((span, days));
                }
            }
        }
        let zone = zone_name(self.offset);
        if groups.is_empty() {
            let closed = if english { "Closed" } else { "Tutup" };
            return format!("{closed} {zone}");
        }
        let parts: Vec<String> = groups
            .iter()
            .map(|(span, days)| {
                format!(
                    "{} {}–{}",
                    describe_days(days, names),
                    clock(span.open, english),
                    clock(span.close, english)
                )
            })
            .collect();
        format!("{} {zone}", parts.join("; "))
    }

    /// The local time of `at` for users, like "Senin, 23 Nov 2026 08.00 WIB" or
    /// "Monday, 23 Nov 2026 08:00 WIB" (seconds dropped). Falls back to UTC for instants whose
    /// local time chrono cannot represent.
    pub fn describe_moment(&self, at: DateTime<Utc>, english: bool) -> String {
        let (local, zone) = match self.to_local(at) {
            Some(local) => (local, zone_name(self.offset)),
            None => (at.naive_utc(), "UTC".to_string()),
        };
        let (days, months) = if english {
            (&EN_DAYS, &EN_MONTHS)
        } else {
            (&ID_DAYS, &ID_MONTHS)
        };
        let weekday = days[local.weekday().num_days_from_monday() as usize % 7];
        let month = months[local.month0() as usize % 12];
        format!(
            "{weekday}, {} {month} {} {} {zone}",
            local.day(),
            local.year(),
            clock(minute_of_day(local), english)
        )
    }

    fn to_local(&self, at: DateTime<Utc>) -> Option<NaiveDateTime> {
        at.naive_utc()
            .checked_add_signed(TimeDelta::seconds(i64::from(self.offset.local_minus_utc())))
    }

    fn to_utc(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        local
            .checked_sub_signed(TimeDelta::seconds(i64::from(self.offset.local_minus_utc())))
            .map(|naive| naive.and_utc())
    }

    /// The opening hours of a local date, None if closed (weekday or holiday).
    fn span_on(&self, day: NaiveDate) -> Option<Span> {
        if self.holidays.contains(&day) {
            return None;
        }
        self.week[weekday_index(day)]
    }

    /// Local opening and closing instants of a date, None if closed.
    fn window(&self, day: NaiveDate) -> Option<(NaiveDateTime, NaiveDateTime)> {
        let span = self.span_on(day)?;
        let midnight = day.and_time(NaiveTime::MIN);
        let open = midnight.checked_add_signed(minutes(i64::from(span.open)))?;
        let close = midnight.checked_add_signed(minutes(i64::from(span.close)))?;
        Some((open, close))
    }

    /// Open time of `day` inside the local interval `[from, to)`.
    fn overlap(&self, day: NaiveDate, from: NaiveDateTime, to: NaiveDateTime) -> TimeDelta {
        match self.window(day) {
            Some((open, close)) => {
                let (begin, end) = (open.max(from), close.min(to));
                if begin < end {
                    end - begin
                } else {
                    TimeDelta::zero()
                }
            }
            None => TimeDelta::zero(),
        }
    }

    /// Open minutes of the whole local dates `first..=last` (first <= last), holidays excluded,
    /// computed per whole week rather than per day.
    fn full_days_minutes(&self, first: NaiveDate, last: NaiveDate) -> i64 {
        let count = last.signed_duration_since(first).num_days() + 1;
        let start = weekday_index(first);
        let mut total = (count / 7).saturating_mul(self.week_minutes());
        for i in 0..(count % 7) as usize {
            total += self.weekday_minutes((start + i) % 7);
        }
        for holiday in self.holidays.range(first..=last) {
            total -= self.weekday_minutes(weekday_index(*holiday));
        }
        total
    }

    fn weekday_minutes(&self, index: usize) -> i64 {
        self.week
            .get(index)
            .copied()
            .flatten()
            .map_or(0, Span::minutes)
    }

    fn week_minutes(&self) -> i64 {
        (0..7).map(|i| self.weekday_minutes(i)).sum()
    }

    fn walk_limit(&self) -> usize {
        self.holidays.len().saturating_add(2).saturating_mul(7)
    }
}

/// Monday = 0.
fn weekday_index(day: NaiveDate) -> usize {
    day.weekday().num_days_from_monday() as usize % 7
}

fn minutes(m: i64) -> TimeDelta {
    TimeDelta::try_minutes(m).unwrap_or(if m < 0 {
        TimeDelta::MIN
    } else {
        TimeDelta::MAX
    })
}

/// The largest number of whole weeks `w` with `w * week < remaining` (remaining > 0).
fn whole_weeks_before(remaining: TimeDelta, week_minutes: i64) -> i64 {
    let week_seconds = week_minutes.saturating_mul(60);
    if week_seconds <= 0 {
        return 0;
    }
    let seconds = remaining.num_seconds();
    let strict = if remaining.subsec_nanos() > 0 {
        seconds
    } else {
        seconds - 1
    };
    if strict < 0 { 0 } else { strict / week_seconds }
}

/// "08.00" (Indonesian) or "08:00" (English).
fn clock(minute_of_day: u16, english: bool) -> String {
    let separator = if english { ':' } else { '.' };
    format!(
        "{:02}{separator}{:02}",
        minute_of_day / 60,
        minute_of_day % 60
    )
}

fn zone_name(offset: FixedOffset) -> String {
    let seconds = offset.local_minus_utc();
    match seconds {
        0 => "UTC".to_string(),
        25_200 => "WIB".to_string(),
        28_800 => "WITA".to_string(),
        32_400 => "WIT".to_string(),
        _ => {
            let sign = if seconds < 0 { '-' } else { '+' };
            let minutes = seconds.unsigned_abs() / 60;
            format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
        }
    }
}

/// Runs of consecutive days: one day "Senin", two "Sabtu, Minggu", more "Senin–Jumat";
/// runs joined by ", ".
fn describe_days(days: &[bool; 7], names: &[&str; 7]) -> String {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < 7 {
        if !days[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < 7 && days[i + 1] {
            i += 1;
        }
        runs.push(match i - start {
            0 => names[start].to_string(),
            1 => format!("{}, {}", names[start], names[i]),
            _ => format!("{}–{}", names[start], names[i]),
        });
        i += 1;
    }
    runs.join(", ")
}

/// Minutes after local midnight of a wall-clock time.
fn minute_of_day(local: NaiveDateTime) -> u16 {
    u16::try_from(local.hour() * 60 + local.minute()).unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// Parsing

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Dash,
    Comma,
    Semicolon,
}

fn tokenize(spec: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, tokens: &mut Vec<Token>| {
        if !word.is_empty() {
            let lower = word.to_lowercase();
            tokens.push(match lower.as_str() {
                "to" | "until" | "till" | "sampai" | "hingga" | "s.d." | "s.d" | "sd" | "s/d" => {
                    Token::Dash
                }
                "and" | "dan" => Token::Comma,
                _ => Token::Word(std::mem::take(word)),
            });
            word.clear();
        }
    };
    for c in spec.chars() {
        let punctuation = match c {
            '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => {
                Some(Token::Dash)
            }
            ',' | '&' => Some(Token::Comma),
            ';' => Some(Token::Semicolon),
            _ => None,
        };
        if let Some(token) = punctuation {
            flush(&mut word, &mut tokens);
            tokens.push(token);
        } else if c.is_whitespace() {
            flush(&mut word, &mut tokens);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut tokens);
    tokens
}

/// Day index (Monday = 0) of an English or Indonesian day name, short or full.
fn parse_day(word: &str) -> Option<usize> {
    let lower: String = word
        .trim_end_matches('.')
        .chars()
        .filter(|c| *c != '\'' && *c != '\u{2019}')
        .flat_map(char::to_lowercase)
        .collect();
    let index = match lower.as_str() {
        "mon" | "monday" | "sen" | "senin" => 0,
        "tue" | "tues" | "tuesday" | "sel" | "selasa" => 1,
        "wed" | "wednesday" | "rab" | "rabu" => 2,
        "thu" | "thur" | "thurs" | "thursday" | "kam" | "kamis" => 3,
        "fri" | "friday" | "jum" | "jumat" => 4,
        "sat" | "saturday" | "sab" | "sabtu" => 5,
        "sun" | "sunday" | "min" | "minggu" | "ahad" => 6,
        _ => return None,
    };
    Some(index)
}

/// "08:00", "8:00", "08.00" or "0800" -> minutes after midnight; "24:00" allowed.
fn parse_clock(word: &str) -> Option<u16> {
    let (hours, mins) = match word.split_once([':', '.']) {
        Some(parts) => parts,
        None if word.len() == 4 && word.is_ascii() => word.split_at(2),
        None => return None,
    };
    let digits = |s: &str, min_len: usize| {
        (min_len..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(hours, 1) || !digits(mins, 2) {
        return None;
    }
    let (h, m): (u16, u16) = (hours.parse().ok()?, mins.parse().ok()?);
    let minute = h * 60 + m;
    (m <= 59 && minute <= MINUTES_PER_DAY).then_some(minute)
}

/// WIB, WITA, WIT, UTC/GMT, or a non-negative offset "+7", "+07", "+0700", "+07:00", "UTC+7".
fn parse_zone(word: &str) -> Option<FixedOffset> {
    let upper = word.to_uppercase();
    let hours = match upper.as_str() {
        "WIB" => return FixedOffset::east_opt(7 * SECONDS_PER_HOUR),
        "WITA" => return FixedOffset::east_opt(8 * SECONDS_PER_HOUR),
        "WIT" => return FixedOffset::east_opt(9 * SECONDS_PER_HOUR),
        "UTC" | "GMT" | "Z" => return FixedOffset::east_opt(0),
        other => other
            .strip_prefix("UTC")
            .or_else(|| other.strip_prefix("GMT"))
            .unwrap_or(other),
    };
    let rest = hours.strip_prefix('+')?;
    let (h, m) = match rest.split_once([':', '.']) {
        Some((h, m)) => (h, m),
        None if rest.len() <= 2 => (rest, "0"),
        None if rest.len() == 4 && rest.is_ascii() => rest.split_at(2),
        None => return None,
    };
    let valid = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !valid(h) || !valid(m) {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if m > 59 || h * 60 + m > MAX_OFFSET_HOURS * 60 {
        return None;
    }
    FixedOffset::east_opt(h * SECONDS_PER_HOUR + m * 60)
}

const EXAMPLE: &str = "e.g. \"Mon-Fri 08:00-16:00; Sat 08:00-12:00 WIB\"";
const ZONES: &str = "WIB, WITA, WIT or an offset like +07:00";

struct Parser<'a> {
    spec: &'a str,
    tokens: Vec<Token>,
    position: usize,
}

impl<'a> Parser<'a> {
    fn new(spec: &'a str) -> Self {
        Parser {
            spec,
            tokens: tokenize(spec),
            position: 0,
        }
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position)
    }

    fn describe_token(token: Option<&Token>) -> String {
        match token {
            Some(Token::Word(w)) => format!("{w:?}"),
            Some(Token::Dash) => "\"-\"".to_string(),
            Some(Token::Comma) => "\",\"".to_string(),
            Some(Token::Semicolon) => "\";\"".to_string(),
            None => "the end".to_string(),
        }
    }

    fn run(mut self) -> Result<BusinessHours, String> {
        if self.spec.trim().is_empty() {
            return Err(format!("business hours are empty; {EXAMPLE}"));
        }
        let mut week: [Option<Span>; 7] = [None; 7];
        let mut offset: Option<FixedOffset> = None;
        let mut groups = 0usize;
        while let Some(token) = self.peek().cloned() {
            match token {
                Token::Semicolon | Token::Comma => self.position += 1,
                Token::Dash => {
                    return Err(format!(
                        "unexpected \"-\" in business hours {:?}; {EXAMPLE}",
                        self.spec
                    ));
                }
                Token::Word(word) => {
                    if let Some(zone) = parse_zone(&word) {
                        if let Some(previous) = offset
                            && previous != zone
                        {
                            return Err(format!(
                                "business hours name two time zones, {} and {}; give only one",
                                zone_name(previous),
                                zone_name(zone)
                            ));
                        }
                        offset = Some(zone);
                        self.position += 1;
                    } else if parse_day(&word).is_some() {
                        self.group(&mut week)?;
                        groups += 1;
                    } else if word.starts_with(|c: char| c.is_ascii_digit()) {
                        return Err(format!("hours {word:?} must follow day names; {EXAMPLE}"));
                    } else {
                        return Err(format!(
                            "unknown day or time zone {word:?}; days are Mon..Sun or Sen..Min, zones {ZONES}"
                        ));
                    }
                }
            }
        }
        if groups == 0 {
            return Err(format!("business hours name no days; {EXAMPLE}"));
        }
        let Some(offset) = offset else {
            return Err(format!(
                "business hours lack a time zone at the end ({ZONES}); {EXAMPLE}"
            ));
        };
        Ok(BusinessHours {
            offset,
            week,
            holidays: BTreeSet::new(),
        })
    }

    /// Days ("Mon-Fri", "Sat, Sun") followed by hours ("08:00-16:00").
    fn group(&mut self, week: &mut [Option<Span>; 7]) -> Result<(), String> {
        let mut days = [false; 7];
        loop {
            let first = self.day()?;
            let last = if self.peek() == Some(&Token::Dash) {
                self.position += 1;
                self.day()?
            } else {
                first
            };
            let mut day = first;
            loop {
                days[day] = true;
                if day == last {
                    break;
                }
                day = (day + 1) % 7;
            }
            let next_is_day = matches!(self.tokens.get(self.position + 1), Some(Token::Word(w)) if parse_day(w).is_some());
            if self.peek() == Some(&Token::Comma) && next_is_day {
                self.position += 1;
            } else {
                break;
            }
        }
        let open = self.clock("opening")?;
        if self.peek() != Some(&Token::Dash) {
            return Err(format!(
                "expected \"-\" between opening and closing time, found {}; {EXAMPLE}",
                Self::describe_token(self.peek())
            ));
        }
        self.position += 1;
        let close = self.clock("closing")?;
        if open == close {
            return Err(format!(
                "opening and closing time are both {}",
                clock(open, true)
            ));
        }
        if open > close {
            return Err(format!(
                "closing time {} is before opening time {}; hours past midnight are not supported",
                clock(close, true),
                clock(open, true)
            ));
        }
        for (index, selected) in days.iter().enumerate() {
            if *selected {
                if week[index].is_some() {
                    return Err(format!("{} is given more than once", EN_DAYS[index]));
                }
                week[index] = Some(Span { open, close });
            }
        }
        Ok(())
    }

    fn day(&mut self) -> Result<usize, String> {
        match self.peek() {
            Some(Token::Word(w)) => match parse_day(w) {
                Some(index) => {
                    self.position += 1;
                    Ok(index)
                }
                None => Err(format!("unknown day {w:?}; days are Mon..Sun or Sen..Min")),
            },
            other => Err(format!(
                "expected a day name, found {}",
                Self::describe_token(other)
            )),
        }
    }

    fn clock(&mut self, which: &str) -> Result<u16, String> {
        match self.peek() {
            Some(Token::Word(w)) if w.starts_with(|c: char| c.is_ascii_digit()) => {
                match parse_clock(w) {
                    Some(minute) => {
                        self.position += 1;
                        Ok(minute)
                    }
                    None => Err(format!(
                        "bad {which} time {w:?}; use HH:MM from 00:00 to 24:00"
                    )),
                }
            }
            other => Err(format!(
                "expected {which} time like 08:00, found {}; {EXAMPLE}",
                Self::describe_token(other)
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A local wall-clock time in the given zone (hours east of UTC), as UTC.
    fn at(offset_hours: i32, y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        let local = NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap();
        (local - TimeDelta::hours(i64::from(offset_hours))).and_utc()
    }

    fn wib(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        at(7, y, mo, d, h, mi)
    }

    fn date(y: i32, mo: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap()
    }

    fn never_open() -> BusinessHours {
        BusinessHours {
            week: [None; 7],
            ..BusinessHours::default_wib()
        }
    }

    // 2026-11-20 is a Friday, 2026-11-23 a Monday; 2026-08-17 (Independence Day) a Monday.

    #[test]
    fn default_hours_edges() {
        let h = BusinessHours::default_wib();
        assert!(h.is_open(wib(2026, 11, 23, 8, 0)));
        assert!(!h.is_open(wib(2026, 11, 23, 8, 0) - TimeDelta::seconds(1)));
        assert!(h.is_open(wib(2026, 11, 23, 15, 59)));
        assert!(!h.is_open(wib(2026, 11, 23, 16, 0)));
        assert!(h.is_open(wib(2026, 11, 20, 12, 0)));
        assert!(!h.is_open(wib(2026, 11, 21, 10, 0)), "Saturday");
        assert!(!h.is_open(wib(2026, 11, 22, 10, 0)), "Sunday");
        assert!(!h.is_open(wib(2026, 11, 23, 2, 0)), "night");
    }

    #[test]
    fn holiday_closes_the_local_day() {
        let h = BusinessHours::default_wib().with_holidays([date(2026, 8, 17)]);
        assert!(!h.is_open(wib(2026, 8, 17, 10, 0)));
        assert!(h.is_open(wib(2026, 8, 18, 10, 0)));
        assert!(h.is_open(wib(2026, 8, 14, 10, 0)));
        // Holidays accumulate.
        let h = h.with_holidays([date(2026, 8, 18)]);
        assert!(!h.is_open(wib(2026, 8, 17, 10, 0)));
        assert!(!h.is_open(wib(2026, 8, 18, 10, 0)));
        // The same instant is Tuesday 00:30 in UTC but Monday 17 Aug in WIT: the local date counts.
        let wit = BusinessHours::parse("Mon-Fri 00:00-24:00 WIT")
            .unwrap()
            .with_holidays([date(2026, 8, 17)]);
        assert!(!wit.is_open(at(9, 2026, 8, 17, 23, 30)));
        assert!(wit.is_open(at(9, 2026, 8, 18, 0, 0)));
    }

    #[test]
    fn next_open_across_weekend_and_holiday() {
        let h = BusinessHours::default_wib();
        let open = wib(2026, 11, 23, 10, 0) + TimeDelta::milliseconds(1234);
        assert_eq!(h.next_open(open), Some(open), "open: the instant itself");
        assert_eq!(
            h.next_open(wib(2026, 11, 20, 16, 0)),
            Some(wib(2026, 11, 23, 8, 0))
        );
        assert_eq!(
            h.next_open(wib(2026, 11, 21, 11, 0)),
            Some(wib(2026, 11, 23, 8, 0))
        );
        assert_eq!(
            h.next_open(wib(2026, 11, 23, 6, 30)),
            Some(wib(2026, 11, 23, 8, 0))
        );
        assert_eq!(
            h.next_open(wib(2026, 11, 23, 20, 0)),
            Some(wib(2026, 11, 24, 8, 0))
        );
        let h = h.with_holidays([date(2026, 8, 17)]);
        assert_eq!(
            h.next_open(wib(2026, 8, 14, 17, 0)),
            Some(wib(2026, 8, 18, 8, 0))
        );
        assert_eq!(
            h.next_open(wib(2026, 8, 17, 9, 0)),
            Some(wib(2026, 8, 18, 8, 0))
        );
    }

    #[test]
    fn next_open_with_many_holidays_and_never() {
        assert_eq!(never_open().next_open(wib(2026, 11, 23, 10, 0)), None);
        // Only Mondays open, and the next 60 Mondays are holidays.
        let mondays: Vec<NaiveDate> = (0..60)
            .map(|w| date(2026, 11, 23) + Days::new(7 * w))
            .collect();
        let h = BusinessHours::parse("Sen 08.00-12.00 WIB")
            .unwrap()
            .with_holidays(mondays);
        let next = date(2026, 11, 23) + Days::new(7 * 60);
        let expected = (next.and_hms_opt(8, 0, 0).unwrap() - TimeDelta::hours(7)).and_utc();
        assert_eq!(h.next_open(wib(2026, 11, 23, 9, 0)), Some(expected));
    }

    #[test]
    fn business_elapsed_across_night_and_weekend() {
        let h = BusinessHours::default_wib();
        let zero = TimeDelta::zero();
        assert_eq!(
            h.business_elapsed(wib(2026, 11, 23, 15, 0), wib(2026, 11, 24, 9, 0)),
            TimeDelta::hours(2)
        );
        assert_eq!(
            h.business_elapsed(wib(2026, 11, 20, 15, 0), wib(2026, 11, 23, 9, 0)),
            TimeDelta::hours(2)
        );
        assert_eq!(
            h.business_elapsed(wib(2026, 11, 21, 9, 0), wib(2026, 11, 22, 15, 0)),
            zero
        );
        assert_eq!(
            h.business_elapsed(wib(2026, 11, 23, 9, 0), wib(2026, 11, 23, 9, 30)),
            TimeDelta::minutes(30)
        );
        assert_eq!(
            h.business_elapsed(wib(2026, 11, 20, 14, 0), wib(2026, 11, 27, 14, 0)),
            TimeDelta::hours(40)
        );
        assert_eq!(
            h.business_elapsed(wib(2026, 11, 24, 9, 0), wib(2026, 11, 23, 9, 0)),
            zero
        );
        assert_eq!(
            h.business_elapsed(wib(2026, 11, 24, 9, 0), wib(2026, 11, 24, 9, 0)),
            zero
        );
        let h = h.with_holidays([date(2026, 8, 17)]);
        assert_eq!(
            h.business_elapsed(wib(2026, 8, 14, 15, 0), wib(2026, 8, 18, 9, 0)),
            TimeDelta::hours(2)
        );
        // A whole year of 2027: 261 weekdays, one holiday on a weekday and one on a Sunday.
        let h = h.with_holidays([date(2027, 1, 1), date(2027, 1, 3)]);
        let year = h.business_elapsed(wib(2027, 1, 1, 0, 0), wib(2028, 1, 1, 0, 0));
        assert_eq!(year, TimeDelta::hours(8 * 260));
    }

    #[test]
    fn deadline_skips_nights_weekends_and_holidays() {
        let h = BusinessHours::default_wib();
        let friday = wib(2026, 11, 20, 14, 0);
        assert_eq!(
            h.deadline(friday, TimeDelta::hours(4)),
            Some(wib(2026, 11, 23, 10, 0))
        );
        assert_eq!(
            h.deadline(friday, TimeDelta::hours(2)),
            Some(wib(2026, 11, 20, 16, 0)),
            "ends at closing"
        );
        assert_eq!(h.deadline(friday, TimeDelta::zero()), Some(friday));
        assert_eq!(h.deadline(friday, TimeDelta::hours(-3)), Some(friday));
        assert_eq!(
            h.deadline(wib(2026, 11, 21, 9, 0), TimeDelta::hours(1)),
            Some(wib(2026, 11, 23, 9, 0))
        );
        assert_eq!(
            h.deadline(friday, TimeDelta::hours(42)),
            Some(wib(2026, 11, 27, 16, 0))
        );
        let h = h.with_holidays([date(2026, 11, 23)]);
        assert_eq!(
            h.deadline(friday, TimeDelta::hours(4)),
            Some(wib(2026, 11, 24, 10, 0))
        );
        assert_eq!(never_open().deadline(friday, TimeDelta::hours(1)), None);
        assert_eq!(
            never_open().deadline(friday, TimeDelta::zero()),
            Some(friday)
        );
    }

    #[test]
    fn deadline_and_elapsed_agree_for_long_budgets() {
        let h = BusinessHours::parse("Mon-Thu 08:00-16:00; Fri 08:00-11:30; Sat 09:00-12:00 WITA")
            .unwrap()
            .with_holidays([
                date(2026, 12, 25),
                date(2027, 1, 1),
                date(2027, 3, 19),
                date(2030, 5, 1),
            ]);
        let from = at(8, 2026, 11, 20, 10, 17) + TimeDelta::nanoseconds(123);
        for budget in [
            TimeDelta::minutes(1),
            TimeDelta::hours(37),
            TimeDelta::hours(1000),
            TimeDelta::hours(43) * 52,
            TimeDelta::hours(20_000) + TimeDelta::nanoseconds(7),
        ] {
            let end = h.deadline(from, budget).unwrap();
            assert_eq!(h.business_elapsed(from, end), budget, "budget {budget}");
            assert!(h.business_elapsed(from, end - TimeDelta::nanoseconds(1)) < budget);
        }
    }

    #[test]
    fn deadline_and_elapsed_agree_with_dense_and_scattered_holidays() {
        // A deterministic pseudo-random walk over schedules, holidays, starts and budgets.
        let mut seed: u64 = 0x5eed;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        let specs = [
            "Mon-Fri 08:00-16:00 WIB",
            "Sen 08.00-09.00 WIT",
            "Sat 00:00-24:00; Wed 23:59-24:00 WITA",
            "Mon-Sun 00:00-24:00 +14:00",
        ];
        for round in 0..200 {
            let base = date(2026, 1, 1) + Days::new(next(400));
            let mut holidays: Vec<NaiveDate> =
                (0..next(30)).map(|_| base + Days::new(next(900))).collect();
            if round % 10 == 0 {
                // A long run of consecutive holidays.
                holidays.extend((0..500).map(|i| base + Days::new(i)));
            }
            let h = BusinessHours::parse(specs[round % specs.len()])
                .unwrap()
                .with_holidays(holidays);
            let from = wib(2026, 1, 1, 0, 0) + TimeDelta::minutes(next(600 * 24 * 60) as i64);
            let budget =
                TimeDelta::minutes(next(20_000) as i64 + 1) + TimeDelta::seconds(next(60) as i64);
            let end = h.deadline(from, budget).unwrap();
            assert_eq!(h.business_elapsed(from, end), budget, "round {round}");
            assert!(
                h.business_elapsed(from, end - TimeDelta::seconds(1)) < budget,
                "round {round}"
            );
            let opens = h.next_open(from).unwrap();
            assert!(opens >= from && h.is_open(opens), "round {round}");
            assert_eq!(
                h.business_elapsed(from, opens),
                TimeDelta::zero(),
                "round {round}"
            );
        }
    }

    #[test]
    fn elapsed_matches_minute_by_minute_count() {
        let h = BusinessHours::parse("Sen-Kam 07.30-15.30, Jum 07.30-11.00, Sab 08.00-12.00 WITA")
            .unwrap()
            .with_holidays([date(2026, 11, 25)]);
        let start = at(8, 2026, 11, 19, 13, 0);
        let mut count = 0i64;
        for minute in 0..(10 * 24 * 60) {
            let t = start + TimeDelta::minutes(minute);
            assert_eq!(
                h.business_elapsed(start, t),
                TimeDelta::minutes(count),
                "after {minute} minutes"
            );
            if h.is_open(t) {
                count += 1;
            }
        }
    }

    #[test]
    fn parse_specs() {
        assert_eq!(
            BusinessHours::parse("Mon-Fri 08:00-16:00 WIB"),
            Ok(BusinessHours::default_wib())
        );
        assert_eq!(
            BusinessHours::parse("  sen - jum  08.00 - 16.00  wib "),
            Ok(BusinessHours::default_wib())
        );
        assert_eq!(
            BusinessHours::parse("Senin s.d. Jumat 0800-1600 +07:00"),
            Ok(BusinessHours::default_wib())
        );
        assert_eq!(
            BusinessHours::parse("Monday to Friday 8:00 - 16:00 UTC+7"),
            Ok(BusinessHours::default_wib())
        );

        let h = BusinessHours::parse("Mon-Fri 08:00-16:00; Sat 08:00-12:00 WIB").unwrap();
        assert!(h.is_open(wib(2026, 11, 21, 11, 59)));
        assert!(!h.is_open(wib(2026, 11, 21, 12, 0)));
        assert!(!h.is_open(wib(2026, 11, 22, 10, 0)));

        let h = BusinessHours::parse("Sen-Kam 07.30-15.30; Jum'at 07.30-11.00 WITA").unwrap();
        assert_eq!(h.offset.local_minus_utc(), 8 * 3600);
        assert!(h.is_open(at(8, 2026, 11, 19, 7, 30)));
        assert!(!h.is_open(at(8, 2026, 11, 19, 7, 29)));
        assert!(!h.is_open(at(8, 2026, 11, 20, 11, 0)));
        // 06:29 WIB is 07:29 WITA, 06:30 WIB is 07:30 WITA.
        assert!(!h.is_open(wib(2026, 11, 19, 6, 29)));
        assert!(h.is_open(wib(2026, 11, 19, 6, 30)));

        let h = BusinessHours::parse("Sab dan Min 09:00-12:00, Rab 10:00-24:00 WIT").unwrap();
        assert_eq!(h.offset.local_minus_utc(), 9 * 3600);
        assert_eq!(
            h.week[5],
            Some(Span {
                open: 540,
                close: 720
            })
        );
        assert_eq!(
            h.week[6],
            Some(Span {
                open: 540,
                close: 720
            })
        );
        assert_eq!(
            h.week[2],
            Some(Span {
                open: 600,
                close: 1440
            })
        );
        assert_eq!(h.week.iter().flatten().count(), 3);

        // Wrapping range and a zone given first.
        let h = BusinessHours::parse("WIB Fri-Mon 10:00-14:00").unwrap();
        let open: Vec<bool> = h.week.iter().map(Option::is_some).collect();
        assert_eq!(open, [true, false, false, false, true, true, true]);
    }

    #[test]
    fn parse_errors_are_clear() {
        let err = |spec: &str| BusinessHours::parse(spec).unwrap_err();
        assert!(err("").contains("empty"));
        assert!(err("Mon-Fri 08:00-16:00").contains("time zone"));
        assert!(err("WIB").contains("no days"));
        assert!(err("Mon-Fri 16:00-08:00 WIB").contains("past midnight"));
        assert!(err("Mon-Fri 08:00-08:00 WIB").contains("both 08:00"));
        assert!(err("Mon-Fri 08:00-25:00 WIB").contains("bad closing time \"25:00\""));
        assert!(err("Mon-Fri 8-16 WIB").contains("bad opening time \"8\""));
        assert!(err("Funday 08:00-16:00 WIB").contains("unknown day or time zone \"Funday\""));
        assert!(err("Mon-Funday 08:00-16:00 WIB").contains("unknown day \"Funday\""));
        assert!(err("Mon-Fri WIB").contains("expected opening time"));
        assert!(err("Mon-Fri 08:00 WIB").contains("expected \"-\""));
        assert!(err("Mon-Fri 08:00-").contains("expected closing time"));
        assert!(
            err("Mon 08:00-12:00; Mon 13:00-16:00 WIB").contains("Monday is given more than once")
        );
        assert!(
            err("Mon-Fri 08:00-16:00 WIB; Sat 08:00-12:00 WITA")
                .contains("two time zones, WIB and WITA")
        );
        assert!(err("08:00-16:00 WIB").contains("must follow day names"));
        assert!(err("Mon-Fri 08:00-16:00 +15:00").contains("unknown day or time zone \"+15:00\""));
        assert!(err("Mon-Fri 08:00-16:00 -03:00").contains("unexpected \"-\""));
        assert!(err("Mon-Fri 08:00-16:00 EST").contains("unknown day or time zone \"EST\""));
    }

    #[test]
    fn parse_never_panics_on_odd_input() {
        for spec in [
            "-",
            ",",
            ";;;",
            "Mon-",
            "Mon,",
            "Mon,-Fri",
            "Mon 99999999999999999999:00-1:00 WIB",
            "Mon ١٢:٠٠-16:00 WIB",
            "Mon 08:0é-16:00 WIB",
            "Sen 08:00-16:00 +",
            "Sen 08:00-16:00 +99999999999",
            "Sen 08:00-16:00 UTC+",
            "🙂 08:00-16:00 WIB",
            "Mon\u{0}08:00-16:00 WIB",
            "mon 24:00-24:00 wib",
            "Mon 0:00-24:00 +14:00",
            "s.d.",
            "dan dan",
            "Jum'at'",
            "Mon.. 08:00-16:00 WIB",
        ] {
            let _ = BusinessHours::parse(spec);
        }
        assert!(BusinessHours::parse("Mon 0:00-24:00 +14:00").is_ok());
    }

    #[test]
    fn extreme_instants_do_not_panic() {
        let schedules = [
            BusinessHours::default_wib(),
            BusinessHours::parse("Mon-Sun 00:00-24:00 +14:00").unwrap(),
            never_open(),
        ];
        for h in &schedules {
            for t in [
                DateTime::<Utc>::MIN_UTC,
                DateTime::<Utc>::MAX_UTC,
                DateTime::<Utc>::UNIX_EPOCH,
            ] {
                let _ = h.is_open(t);
                let _ = h.next_open(t);
                let _ = h.describe_moment(t, true);
                let _ = h.describe_moment(t, false);
                let _ = h.deadline(t, TimeDelta::MAX);
                let _ = h.deadline(t, TimeDelta::hours(1));
                let _ = h.business_elapsed(DateTime::<Utc>::MIN_UTC, t);
                let _ = h.business_elapsed(t, DateTime::<Utc>::MAX_UTC);
            }
        }
    }

    #[test]
    fn describe_schedules() {
        let h = BusinessHours::default_wib();
        assert_eq!(h.describe(false), "Senin–Jumat 08.00–16.00 WIB");
        assert_eq!(h.describe(true), "Monday–Friday 08:00–16:00 WIB");

        let h = BusinessHours::parse("Mon-Fri 08:00-16:00; Sat 08:00-12:00 WITA").unwrap();
        assert_eq!(
            h.describe(false),
            "Senin–Jumat 08.00–16.00; Sabtu 08.00–12.00 WITA"
        );

        let h = BusinessHours::parse("Mon, Wed, Fri-Sun 09:00-15:00; Tue, Thu 09:00-12:00 +09:00")
            .unwrap();
        assert_eq!(
            h.describe(true),
            "Monday, Wednesday, Friday–Sunday 09:00–15:00; Tuesday, Thursday 09:00–12:00 WIT"
        );

        let h = BusinessHours::parse("Sab-Min 10:00-14:00 UTC+05:30").unwrap();
        assert_eq!(h.describe(false), "Sabtu, Minggu 10.00–14.00 UTC+05:30");

        assert_eq!(never_open().describe(false), "Tutup WIB");
        assert_eq!(never_open().describe(true), "Closed WIB");
    }

    #[test]
    fn describe_parses_back() {
        for spec in [
            "Mon-Fri 08:00-16:00 WIB",
            "Mon-Thu 07:30-15:30; Fri 07:30-11:00; Sat 08:00-12:00 WITA",
            "Mon, Wed, Fri-Sun 09:00-15:00; Tue 00:00-24:00 WIT",
            "Sat-Sun 10:00-14:00 UTC+05:30",
            "Mon 10:00-11:00 UTC",
        ] {
            let h = BusinessHours::parse(spec).unwrap();
            assert_eq!(
                BusinessHours::parse(&h.describe(true)).as_ref(),
                Ok(&h),
                "{spec}"
            );
            assert_eq!(
                BusinessHours::parse(&h.describe(false)).as_ref(),
                Ok(&h),
                "{spec}"
            );
        }
    }

    #[test]
    fn describe_moments() {
        let h = BusinessHours::default_wib();
        let t = wib(2026, 11, 23, 8, 0) + TimeDelta::seconds(59);
        assert_eq!(h.describe_moment(t, false), "Senin, 23 Nov 2026 08.00 WIB");
        assert_eq!(h.describe_moment(t, true), "Monday, 23 Nov 2026 08:00 WIB");
        let h = BusinessHours::parse("Sen-Jum 08.00-16.00 WITA").unwrap();
        assert_eq!(
            h.describe_moment(at(8, 2026, 8, 17, 9, 5), false),
            "Senin, 17 Agu 2026 09.05 WITA"
        );
        assert_eq!(
            h.describe_moment(at(8, 2027, 5, 2, 23, 59), true),
            "Sunday, 2 May 2027 23:59 WITA"
        );
        assert_eq!(
            h.describe_moment(at(8, 2027, 5, 2, 23, 59), false),
            "Minggu, 2 Mei 2027 23.59 WITA"
        );
        // The same instant seen from WIB is an hour earlier.
        let wib_hours = BusinessHours::default_wib();
        assert_eq!(
            wib_hours.describe_moment(at(8, 2027, 5, 3, 0, 30), true),
            "Sunday, 2 May 2027 23:30 WIB"
        );
    }
}
