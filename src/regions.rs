//! Official list of Indonesian provinces, regencies/cities and districts.
//!
//! The data (Kepmendagri codes, digits only) is embedded from `data/regions/*.csv`, which is
//! generated from the npm package `idn-area-data` (data licensed under the ODbL; see
//! `data/regions/README.md` for source, version, attribution and how to regenerate).
//! It is parsed once, on first use of [`regions`].

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const PROVINCES_CSV: &str = include_str!("../data/regions/provinces.csv");
const REGENCIES_CSV: &str = include_str!("../data/regions/regencies.csv");
const DISTRICTS_CSV: &str = include_str!("../data/regions/districts.csv");

/// A province (`provinsi`), two-digit code, e.g. `33`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Province {
    pub code: String,
    pub name: String,
}

/// A regency or city (`kabupaten`/`kota`), four-digit code, e.g. `3374`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Regency {
    pub code: String,
    pub province_code: String,
    pub name: String,
}

/// A district (`kecamatan`), six-digit code, e.g. `337401`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct District {
    pub code: String,
    pub regency_code: String,
    pub name: String,
}

/// Something with a code and a display name; used by [`search`].
pub trait Named {
    fn name(&self) -> &str;
    fn code(&self) -> &str;
}

impl Named for Province {
    fn name(&self) -> &str {
        &self.name
    }
    fn code(&self) -> &str {
        &self.code
    }
}

impl Named for Regency {
    fn name(&self) -> &str {
        &self.name
    }
    fn code(&self) -> &str {
        &self.code
    }
}

impl Named for District {
    fn name(&self) -> &str {
        &self.name
    }
    fn code(&self) -> &str {
        &self.code
    }
}

/// Regencies that the 2022 Papua split moved to a new province, as
/// `(code before the split, current code)`.
///
/// Law 14, 15 and 16 of 2022 created Papua Selatan (93), Papua Tengah (94) and Papua Pegunungan
/// (95) out of Papua (91); Law 29 of 2022 created Papua Barat Daya (96) out of Papua Barat (92).
/// The provinces 91 and 92 still exist, but the moved regencies got new codes, so a NIK issued
/// before the split (e.g. in Merauke: `9101...`) keeps a regency code that is no longer in the
/// official list. The old codes are exactly the gaps left in 91xx/92xx; the new codes were
/// assigned in the order of the old ones.
const PAPUA_2022_MOVED: &[(&str, &str)] = &[
    // Papua -> Papua Selatan
    ("9101", "9301"), // Merauke
    ("9116", "9302"), // Boven Digoel
    ("9117", "9303"), // Mappi
    ("9118", "9304"), // Asmat
    // Papua -> Papua Tengah
    ("9104", "9401"), // Nabire
    ("9107", "9402"), // Puncak Jaya
    ("9108", "9403"), // Paniai
    ("9109", "9404"), // Mimika
    ("9125", "9405"), // Puncak
    ("9126", "9406"), // Dogiyai
    ("9127", "9407"), // Intan Jaya
    ("9128", "9408"), // Deiyai
    // Papua -> Papua Pegunungan
    ("9102", "9501"), // Jayawijaya
    ("9112", "9502"), // Pegunungan Bintang
    ("9113", "9503"), // Yahukimo
    ("9114", "9504"), // Tolikara
    ("9121", "9505"), // Mamberamo Tengah
    ("9122", "9506"), // Yalimo
    ("9123", "9507"), // Lanny Jaya
    ("9124", "9508"), // Nduga
    // Papua Barat -> Papua Barat Daya
    ("9201", "9601"), // Sorong
    ("9204", "9602"), // Sorong Selatan
    ("9205", "9603"), // Raja Ampat
    ("9209", "9604"), // Tambrauw
    ("9210", "9605"), // Maybrat
    ("9271", "9671"), // Kota Sorong
];

/// The parsed region list. Obtain it with [`regions`].
#[derive(Debug)]
pub struct Regions {
    provinces: Vec<Province>,
    /// Sorted by (province_code, code).
    regencies: Vec<Regency>,
    /// Sorted by (regency_code, code).
    districts: Vec<District>,
    province_index: HashMap<String, usize>,
    regency_index: HashMap<String, usize>,
    district_index: HashMap<String, usize>,
    regencies_by_province: HashMap<String, Range<usize>>,
    districts_by_regency: HashMap<String, Range<usize>>,
}

/// The embedded official region list, parsed on first use.
pub fn regions() -> &'static Regions {
    static REGIONS: OnceLock<Regions> = OnceLock::new();
    REGIONS.get_or_init(Regions::load)
}

impl Regions {
    fn load() -> Self {
        let mut provinces: Vec<Province> = parse_csv(PROVINCES_CSV, 2)
            .map(|mut r| Province {
                name: r.pop().unwrap_or_default(),
                code: r.pop().unwrap_or_default(),
            })
            .collect();
        let mut regencies: Vec<Regency> = parse_csv(REGENCIES_CSV, 3)
            .map(|mut r| Regency {
                name: r.pop().unwrap_or_default(),
                province_code: r.pop().unwrap_or_default(),
                code: r.pop().unwrap_or_default(),
            })
            .collect();
        let mut districts: Vec<District> = parse_csv(DISTRICTS_CSV, 3)
            .map(|mut r| District {
                name: r.pop().unwrap_or_default(),
                regency_code: r.pop().unwrap_or_default(),
                code: r.pop().unwrap_or_default(),
            })
            .collect();

        provinces.sort_by(|a, b| a.code.cmp(&b.code));
        regencies.sort_by(|a, b| (&a.province_code, &a.code).cmp(&(&b.province_code, &b.code)));
        districts.sort_by(|a, b| (&a.regency_code, &a.code).cmp(&(&b.regency_code, &b.code)));

        let index = |codes: Vec<&String>| -> HashMap<String, usize> {
            codes
                .into_iter()
                .enumerate()
                .map(|(i, c)| (c.clone(), i))
                .collect()
        };
        let province_index = index(provinces.iter().map(|p| &p.code).collect());
        let regency_index = index(regencies.iter().map(|r| &r.code).collect());
        let district_index = index(districts.iter().map(|d| &d.code).collect());
        let regencies_by_province = group_ranges(regencies.iter().map(|r| &r.province_code));
        let districts_by_regency = group_ranges(districts.iter().map(|d| &d.regency_code));

        Regions {
            provinces,
            regencies,
            districts,
            province_index,
            regency_index,
            district_index,
            regencies_by_province,
            districts_by_regency,
        }
    }

    /// All provinces, sorted by code.
    pub fn provinces(&self) -> &[Province] {
        &self.provinces
    }

    /// All regencies/cities, sorted by province code, then code.
    pub fn all_regencies(&self) -> &[Regency] {
        &self.regencies
    }

    /// All districts, sorted by regency code, then code.
    pub fn all_districts(&self) -> &[District] {
        &self.districts
    }

    pub fn province(&self, code: &str) -> Option<&Province> {
        self.province_index.get(code).map(|&i| &self.provinces[i])
    }

    pub fn regency(&self, code: &str) -> Option<&Regency> {
        self.regency_index.get(code).map(|&i| &self.regencies[i])
    }

    pub fn district(&self, code: &str) -> Option<&District> {
        self.district_index.get(code).map(|&i| &self.districts[i])
    }

    /// Regencies/cities of a province, sorted by code (empty if the province is unknown).
    pub fn regencies_of(&self, province_code: &str) -> &[Regency] {
        match self.regencies_by_province.get(province_code) {
            Some(r) => &self.regencies[r.clone()],
            None => &[],
        }
    }

    /// Districts of a regency/city, sorted by code (empty if the regency is unknown).
    pub fn districts_of(&self, regency_code: &str) -> &[District] {
        match self.districts_by_regency.get(regency_code) {
            Some(r) => &self.districts[r.clone()],
            None => &[],
        }
    }

    /// Whether `code` (two digits) is a valid NIK province code.
    ///
    /// Findings: every province code ever used in NIKs is still in the list. The 2022 Papua
    /// split did not retire any province code: Papua (91) and Papua Barat (92) still exist, the
    /// new provinces got 93 (Papua Selatan), 94 (Papua Tengah), 95 (Papua Pegunungan) and 96
    /// (Papua Barat Daya). (Kalimantan Utara, 65, split from 64 in 2012 likewise kept both.)
    /// What the split did change is regency codes: NIKs issued before it keep 91xx/92xx regency
    /// codes of regencies that now have 93xx-96xx codes (see [`Regions::legacy_regency`]).
    pub fn is_valid_nik_province(&self, code: &str) -> bool {
        self.province(code).is_some()
    }

    /// For a regency code that was valid before the 2022 Papua split but is no longer in the
    /// list (e.g. `9101`, Merauke), the regency it is now (e.g. `9301`). `None` for any other code.
    pub fn legacy_regency(&self, old_code: &str) -> Option<&Regency> {
        PAPUA_2022_MOVED
            .iter()
            .find(|(old, _)| *old == old_code)
            .and_then(|(_, new)| self.regency(new))
    }
}

fn group_ranges<'a>(parents: impl Iterator<Item = &'a String>) -> HashMap<String, Range<usize>> {
    let mut map: HashMap<String, Range<usize>> = HashMap::new();
    for (i, parent) in parents.enumerate() {
        match map.get_mut(parent.as_str()) {
            Some(range) => range.end = i + 1,
            None => {
                map.insert(parent.clone(), i..i + 1);
            }
        }
    }
    map
}

/// Records of a small, trusted CSV (header skipped, RFC 4180 quoting, no embedded newlines).
fn parse_csv(text: &'static str, columns: usize) -> impl Iterator<Item = Vec<String>> {
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(move |line| {
            let record = parse_csv_line(line);
            assert_eq!(
                record.len(),
                columns,
                "embedded region data: bad record {line:?}"
            );
            record
        })
}

fn parse_csv_line(line: &str) -> Vec<String> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (_, c) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

// ---------------------------------------------------------------------------------------------
// Search

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Kabupaten,
    Kota,
}

/// A name or query reduced to lower-case alphanumeric words, with a leading
/// "kabupaten"/"kota" (optionally "administrasi") split off.
struct Normalized {
    kind: Option<Kind>,
    /// Words after the kind prefix.
    core: Vec<String>,
}

impl Normalized {
    fn new(text: &str, is_query: bool) -> Self {
        let mut words = words(text);
        if is_query {
            words = expand_abbreviations(words);
        }
        let mut kind = None;
        if let Some(first) = words.first() {
            let k = match first.as_str() {
                "kabupaten" => Some(Kind::Kabupaten),
                "kab" if is_query => Some(Kind::Kabupaten),
                "kota" => Some(Kind::Kota),
                _ => None,
            };
            // "Kota" alone is a real name part only if nothing follows (no such region exists).
            if k.is_some() && words.len() > 1 {
                kind = k;
                words.remove(0);
                if matches!(
                    words.first().map(String::as_str),
                    Some("administrasi" | "adm")
                ) && words.len() > 1
                {
                    words.remove(0);
                }
            }
        }
        Normalized { kind, core: words }
    }

    fn joined(&self) -> String {
        self.core.join(" ")
    }
}

fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if c == '\'' || c == '`' || c == '’' || c == '"' {
            // Apostrophes inside names ("Ra'as", "Sa'dan") are ignored, not word breaks.
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn expand_abbreviations(words: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    for (i, w) in words.into_iter().enumerate() {
        let expansion: &[&str] = match w.as_str() {
            "dki" => &["daerah", "khusus", "ibukota"],
            "diy" => &["daerah", "istimewa", "yogyakarta"],
            "di" if i == 0 => &["daerah", "istimewa"],
            "kep" => &["kepulauan"],
            "kab" if i > 0 => &["kabupaten"],
            _ => {
                out.push(w);
                continue;
            }
        };
        out.extend(expansion.iter().map(|s| s.to_string()));
    }
    // "diy yogyakarta" -> avoid a doubled word
    out.dedup();
    out
}

/// Case- and punctuation-insensitive search by name among `items`, best matches first:
/// exact name, then name starting with the query, then name containing every query word
/// (then, as a last resort, name containing the query with all spaces removed, so that
/// "gunung kidul" finds "Gunungkidul" and "tolitoli" finds "Toli-Toli").
///
/// A leading "kab"/"kabupaten"/"kota" in the query restricts matches to that kind; without it
/// both match ("semarang" finds "Kabupaten Semarang" and "Kota Semarang"). "dki", "diy", a
/// leading "di" and "kep" are expanded. Within a rank, `items` order is kept. An empty query
/// (after normalisation) matches nothing.
pub fn search<'a, T: Named>(items: &'a [T], query: &str) -> Vec<&'a T> {
    // Bound the work for absurd input; no region name is anywhere near this long.
    let query: String = query.chars().take(200).collect();
    let q = Normalized::new(&query, true);
    if q.core.is_empty() {
        return Vec::new();
    }
    let q_joined = q.joined();
    let q_compact: String = q.core.concat();

    let mut ranked: Vec<(u8, usize, &'a T)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let n = Normalized::new(item.name(), false);
        if q.kind.is_some_and(|k| n.kind != Some(k)) {
            continue;
        }
        let n_joined = n.joined();
        let rank = if n_joined == q_joined {
            0
        } else if n_joined.starts_with(&q_joined) {
            1
        } else if q.core.iter().all(|w| n_joined.contains(w.as_str())) {
            2
        } else if n.core.concat().contains(&q_compact) {
            3
        } else {
            continue;
        };
        ranked.push((rank, i, item));
    }
    ranked.sort_by_key(|&(rank, i, _)| (rank, i));
    ranked.into_iter().map(|(_, _, item)| item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names<T: Named>(v: &[&T]) -> Vec<String> {
        v.iter().map(|x| x.name().to_string()).collect()
    }

    #[test]
    fn counts() {
        let r = regions();
        assert_eq!(r.provinces().len(), 38);
        assert_eq!(r.all_regencies().len(), 514);
        assert_eq!(r.all_districts().len(), 7285);
        let sum: usize = r
            .provinces()
            .iter()
            .map(|p| r.regencies_of(&p.code).len())
            .sum();
        assert_eq!(sum, 514);
        let sum: usize = r
            .all_regencies()
            .iter()
            .map(|x| r.districts_of(&x.code).len())
            .sum();
        assert_eq!(sum, 7285);
    }

    #[test]
    fn known_codes() {
        let r = regions();
        assert_eq!(
            r.province("31").unwrap().name,
            "Daerah Khusus Ibukota Jakarta"
        );
        assert_eq!(r.province("33").unwrap().name, "Jawa Tengah");
        assert_eq!(r.province("34").unwrap().name, "Daerah Istimewa Yogyakarta");
        assert_eq!(r.province("96").unwrap().name, "Papua Barat Daya");
        assert_eq!(
            r.regency("3171").unwrap().name,
            "Kota Administrasi Jakarta Pusat"
        );
        assert_eq!(
            r.regency("3174").unwrap().name,
            "Kota Administrasi Jakarta Selatan"
        );
        let smg = r.regency("3374").unwrap();
        assert_eq!(smg.name, "Kota Semarang");
        assert_eq!(smg.province_code, "33");
        assert_eq!(r.regency("3322").unwrap().name, "Kabupaten Semarang");
        let d = r.district("337401").unwrap();
        assert_eq!(d.regency_code, "3374");
        assert!(!d.name.is_empty());
        // quoted CSV field
        assert_eq!(r.district("352922").unwrap().name, "Ra\"as");
        assert!(r.province("00").is_none());
        assert!(r.province("").is_none());
        assert!(r.regency("9999").is_none());
        assert!(r.district("3374").is_none());
        assert!(r.regencies_of("99").is_empty());
        assert!(r.districts_of("").is_empty());
    }

    #[test]
    fn codes_are_digits_and_prefixed_by_parent() {
        let r = regions();
        for p in r.provinces() {
            assert!(p.code.len() == 2 && p.code.bytes().all(|b| b.is_ascii_digit()));
            assert!(!p.name.is_empty());
        }
        for x in r.all_regencies() {
            assert!(x.code.len() == 4 && x.code.bytes().all(|b| b.is_ascii_digit()));
            assert!(x.code.starts_with(&x.province_code));
            assert!(r.province(&x.province_code).is_some(), "{}", x.code);
        }
        for d in r.all_districts() {
            assert!(d.code.len() == 6 && d.code.bytes().all(|b| b.is_ascii_digit()));
            assert!(d.code.starts_with(&d.regency_code));
            assert!(r.regency(&d.regency_code).is_some(), "{}", d.code);
        }
    }

    #[test]
    fn sorted_by_code() {
        let r = regions();
        assert!(r.provinces().windows(2).all(|w| w[0].code < w[1].code));
        for p in r.provinces() {
            let regs = r.regencies_of(&p.code);
            assert!(!regs.is_empty(), "{}", p.code);
            assert!(regs.windows(2).all(|w| w[0].code < w[1].code));
            assert!(regs.iter().all(|x| x.province_code == p.code));
        }
        let ds = r.districts_of("3374");
        assert!(ds.windows(2).all(|w| w[0].code < w[1].code));
        assert_eq!(ds[0].code, "337401");
    }

    #[test]
    fn nik_provinces() {
        let r = regions();
        for c in ["11", "31", "33", "91", "92", "93", "94", "95", "96"] {
            assert!(r.is_valid_nik_province(c), "{c}");
        }
        for c in ["00", "10", "20", "54", "97", "99", "3", "331", ""] {
            assert!(!r.is_valid_nik_province(c), "{c}");
        }
    }

    #[test]
    fn papua_legacy_regencies() {
        let r = regions();
        assert_eq!(r.legacy_regency("9101").unwrap().name, "Kabupaten Merauke");
        assert_eq!(r.legacy_regency("9109").unwrap().name, "Kabupaten Mimika");
        assert_eq!(
            r.legacy_regency("9102").unwrap().name,
            "Kabupaten Jayawijaya"
        );
        assert_eq!(r.legacy_regency("9271").unwrap().name, "Kota Sorong");
        assert!(r.legacy_regency("9103").is_none()); // still in Papua
        assert!(r.legacy_regency("3374").is_none());
        for (old, new) in PAPUA_2022_MOVED {
            assert!(r.regency(old).is_none(), "{old} should be gone");
            assert!(r.regency(new).is_some(), "{new} should exist");
        }
        // Old 91xx codes ran 9101..=9128 + 9171: moved ones are exactly the gaps.
        for n in 1..=28 {
            let code = format!("91{n:02}");
            assert!(
                r.regency(&code).is_some() != r.legacy_regency(&code).is_some(),
                "{code}"
            );
        }
        for n in 1..=12 {
            let code = format!("92{n:02}");
            assert!(
                r.regency(&code).is_some() != r.legacy_regency(&code).is_some(),
                "{code}"
            );
        }
        // Every current 93xx-96xx regency is a moved one.
        for p in ["93", "94", "95", "96"] {
            for x in r.regencies_of(p) {
                assert!(
                    PAPUA_2022_MOVED.iter().any(|(_, new)| *new == x.code),
                    "{}",
                    x.code
                );
            }
        }
    }

    #[test]
    fn search_regencies() {
        let r = regions();
        let regs = r.all_regencies();
        let hits = search(regs, "semarang");
        assert_eq!(names(&hits[..2]), ["Kabupaten Semarang", "Kota Semarang"]);
        assert_eq!(hits.len(), 2);
        assert_eq!(names(&search(regs, "Kota Semarang")), ["Kota Semarang"]);
        assert_eq!(
            names(&search(regs, "kab. semarang")),
            ["Kabupaten Semarang"]
        );
        assert_eq!(names(&search(regs, "KAB SEMARANG")), ["Kabupaten Semarang"]);
        assert_eq!(
            names(&search(regs, "  kabupaten   semarang!! ")),
            ["Kabupaten Semarang"]
        );
        // "Kota Administrasi" prefix is optional too
        let hits = search(regs, "jakarta selatan");
        assert_eq!(hits[0].code, "3174");
        assert_eq!(search(regs, "kota jakarta selatan")[0].code, "3174");
        // prefix match ranks before contains
        let hits = search(regs, "bandung");
        let top: Vec<&str> = hits.iter().map(|x| x.code.as_str()).collect();
        assert_eq!(&top[..2], ["3204", "3273"]); // Kabupaten Bandung, Kota Bandung (exact)
        assert!(hits.iter().any(|x| x.name == "Kabupaten Bandung Barat"));
        assert!(
            hits.iter()
                .position(|x| x.name == "Kabupaten Bandung Barat")
                .unwrap()
                >= 2
        );
        // word containment in any order
        assert!(
            search(regs, "barat bandung")
                .iter()
                .any(|x| x.code == "3217")
        );
        // punctuation-insensitive
        assert!(search(regs, "toli toli").iter().any(|x| x.code == "7204"));
        assert!(search(regs, "tolitoli").iter().any(|x| x.code == "7204"));
        assert!(search(regs, "fakfak").iter().any(|x| x.code == "9203"));
        assert!(
            search(regs, "gunung kidul")
                .iter()
                .any(|x| x.code == "3403")
        );
        assert!(search(regs, "zzzz").is_empty());
        assert!(search(regs, "").is_empty());
        assert!(search(regs, " .,- ").is_empty());
    }

    #[test]
    fn search_provinces() {
        let r = regions();
        let p = r.provinces();
        assert_eq!(search(p, "jawa tengah")[0].code, "33");
        assert_eq!(search(p, "JAWA-TENGAH")[0].code, "33");
        assert_eq!(search(p, "DKI Jakarta")[0].code, "31");
        assert_eq!(search(p, "jakarta")[0].code, "31");
        assert_eq!(search(p, "DI Yogyakarta")[0].code, "34");
        assert_eq!(search(p, "diy")[0].code, "34");
        assert_eq!(search(p, "yogyakarta")[0].code, "34");
        let papua = search(p, "papua");
        assert_eq!(papua[0].code, "91");
        assert_eq!(papua.len(), 6);
        assert_eq!(search(p, "papua barat")[0].code, "92");
        assert_eq!(search(p, "kep riau")[0].code, "21");
    }

    #[test]
    fn search_districts_and_odd_input() {
        let r = regions();
        let ds = r.districts_of("3374");
        let hits = search(ds, "semarang tengah");
        assert_eq!(hits[0].name, "Semarang Tengah");
        assert!(!search(r.all_districts(), "ra as").is_empty());
        assert!(!search(r.all_districts(), "raas").is_empty());
        for q in ["🙂", "ÄÖÜ", "日本", "\u{0}", "'", "kota", "kabupaten"] {
            let _ = search(r.all_regencies(), q);
        }
        let long = "semarang ".repeat(100_000);
        let _ = search(r.all_regencies(), &long);
    }

    #[test]
    fn send_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Regions>();
        assert_send_sync::<&'static Regions>();
    }

    #[test]
    fn csv_line_parser() {
        assert_eq!(parse_csv_line("a,b,c"), ["a", "b", "c"]);
        assert_eq!(parse_csv_line("1,\"x, y\",z"), ["1", "x, y", "z"]);
        assert_eq!(parse_csv_line("1,\"Ra\"\"as\"\r"), ["1", "Ra\"as"]);
        assert_eq!(parse_csv_line(""), [""]);
    }
}
