//! The Keluarga Sehat accounts flow (seed 004): menu, procedure, roster builder, CSV and email.

mod common;

use common::Sim;
use pandu::dialog::state::Value;
use std::collections::BTreeMap;

/// A synthetic person: name, NIP, NIK, position, mobile, email.
struct P {
    name: &'static str,
    nip: &'static str,
    nik: &'static str,
    jabatan: &'static str,
    mobile: &'static str,
    email: &'static str,
}

const ADMIN: P = P {
    name: "Ani Rahmawati",
    nip: "199008172015032001",
    nik: "3374015708900002",
    jabatan: "Pengelola Data",
    mobile: "0812-3456-7890",
    email: "ani@puskesmas.example.id",
};
const SUPERVISOR: P = P {
    name: "Budi Santoso, S.Kep",
    nip: "199008172015031002",
    nik: "3374011708900001",
    jabatan: "Perawat Ahli Pertama",
    mobile: "0812-3456-7891",
    email: "budi@puskesmas.example.id",
};
const SURVEYOR_1: P = P {
    name: "Citra Lestari",
    nip: "199008172015032003",
    nik: "3374015708900003",
    jabatan: "Bidan",
    mobile: "0812-3456-7892",
    email: "citra@puskesmas.example.id",
};
const SURVEYOR_2: P = P {
    name: "Dedi Kurniawan",
    nip: "199008172015031004",
    nik: "3374011708900004",
    jabatan: "Sanitarian",
    mobile: "0812-3456-7893",
    email: "dedi@puskesmas.example.id",
};
const HEAD: P = P {
    name: "dr. Eka Putri",
    nip: "199008172015032005",
    nik: "3374015708900005",
    jabatan: "Kepala Puskesmas",
    mobile: "0812-3456-7894",
    email: "eka@puskesmas.example.id",
};

fn start() -> Sim {
    let mut sim = Sim::new();
    sim.say("/ks");
    assert_eq!(sim.step_id().as_deref(), Some("menu"));
    sim
}

/// From the flow menu to the first question about the administrator.
fn to_roster() -> Sim {
    to_roster_named("Puskesmas Candilama")
}

fn to_roster_named(pkm_name: &str) -> Sim {
    let mut sim = start();
    sim.press("Susun daftar");
    assert_eq!(sim.step_id().as_deref(), Some("roster_intro"));
    sim.say("1");
    assert_eq!(sim.step_id().as_deref(), Some("province"));
    sim.say("Jawa Tengah");
    assert_eq!(sim.step_id().as_deref(), Some("regency"));
    sim.say("Kota Semarang");
    assert_eq!(sim.step_id().as_deref(), Some("pkm_name"));
    sim.say(pkm_name);
    assert_eq!(sim.step_id().as_deref(), Some("pkm_code"));
    sim.say("P3374010101");
    assert_eq!(sim.step_id().as_deref(), Some("p_name"));
    sim
}

fn enter(sim: &mut Sim, p: &P) -> String {
    assert_eq!(sim.step_id().as_deref(), Some("p_name"), "{}", sim.text());
    sim.say(p.name);
    assert_eq!(sim.step_id().as_deref(), Some("p_nip"), "{}", sim.text());
    sim.say(p.nip);
    assert_eq!(sim.step_id().as_deref(), Some("p_nik"), "{}", sim.text());
    sim.say(p.nik);
    assert_eq!(
        sim.step_id().as_deref(),
        Some("p_jabatan"),
        "{}",
        sim.text()
    );
    sim.say(p.jabatan);
    assert_eq!(sim.step_id().as_deref(), Some("p_mobile"), "{}", sim.text());
    sim.say(p.mobile);
    assert_eq!(sim.step_id().as_deref(), Some("p_email"), "{}", sim.text());
    sim.say(p.email)
}

fn data(sim: &Sim) -> &BTreeMap<String, Value> {
    &sim.state.active.as_ref().expect("active flow").data
}

fn text_field(sim: &Sim, f: &str) -> Option<String> {
    data(sim)
        .get(f)
        .and_then(Value::as_text)
        .map(str::to_string)
}

fn roster(sim: &Sim) -> Vec<BTreeMap<String, String>> {
    data(sim)
        .get("roster")
        .and_then(Value::as_records)
        .cloned()
        .unwrap_or_default()
}

/// Admin, supervisor, 2 surveyors, head: ends at the review.
fn full_roster() -> Sim {
    let mut sim = to_roster();
    enter(&mut sim, &ADMIN);
    enter(&mut sim, &SUPERVISOR);
    enter(&mut sim, &SURVEYOR_1);
    assert_eq!(sim.step_id().as_deref(), Some("ask_more"));
    sim.say("ya");
    enter(&mut sim, &SURVEYOR_2);
    assert_eq!(sim.step_id().as_deref(), Some("ask_more"));
    sim.say("tidak");
    let t = enter(&mut sim, &HEAD);
    assert_eq!(sim.step_id().as_deref(), Some("review"), "{t}");
    sim
}

/// The CSV file and the email text produced at the end.
fn produce(sim: &mut Sim) -> (String, String, String) {
    sim.press("Buat berkas");
    let csv = sim
        .last
        .iter()
        .find_map(|r| r.file.clone())
        .expect("a CSV file");
    assert_eq!(csv.name, "roster-P3374010101.csv");
    assert_eq!(csv.mime, "text/csv");
    let email = sim
        .last
        .iter()
        .find(|r| r.text.contains("keluargasehat@kemkes.go.id") && r.text.contains("Subjek:"))
        .expect("the email text")
        .text
        .clone();
    (csv.content, email, sim.text())
}

#[test]
fn full_roster_review_and_output() {
    let mut sim = full_roster();
    let r = roster(&sim);
    let roles: Vec<&str> = r.iter().map(|p| p["role"].as_str()).collect();
    assert_eq!(
        roles,
        ["admin", "supervisor", "surveyor", "surveyor", "head"]
    );
    assert_eq!(r[0]["name"], "Ani Rahmawati");
    assert_eq!(r[0]["nip"], ADMIN.nip);
    assert_eq!(r[0]["nik"], ADMIN.nik);
    assert_eq!(r[0]["jabatan"], "Pengelola Data");
    assert_eq!(r[0]["mobile"], "+6281234567890");
    assert_eq!(r[0]["email"], "ani@puskesmas.example.id");
    assert_eq!(r[4]["name"], "dr. Eka Putri");
    // The temporary fields are cleared once a person is stored.
    assert!(text_field(&sim, "p_name").is_none() && text_field(&sim, "p_nik").is_none());

    // The review lists everybody by role with NIP and NIK masked.
    let review = sim.text();
    assert!(
        review.contains("Puskesmas Candilama (P3374010101)"),
        "{review}"
    );
    assert!(
        review.contains("1. Administrator Puskesmas: Ani Rahmawati"),
        "{review}"
    );
    assert!(review.contains("3. Surveyor 1: Citra Lestari"), "{review}");
    assert!(review.contains("4. Surveyor 2: Dedi Kurniawan"), "{review}");
    assert!(
        review.contains("5. Kepala Puskesmas: dr. Eka Putri"),
        "{review}"
    );
    assert!(review.contains("NIP 1990***********001"), "{review}");
    assert!(review.contains("NIK 3374********0002"), "{review}");
    assert!(
        !review.contains(ADMIN.nip) && !review.contains(ADMIN.nik),
        "{review}"
    );
    assert_eq!(sim.options().len(), 3);

    let (csv, email, all) = produce(&mut sim);
    // CSV: header, then one row per person in role order, every field quoted (RFC 4180).
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines.len(), 7, "{csv:?}");
    assert_eq!(lines[6], "");
    assert_eq!(
        lines[0],
        "\"Nama Puskesmas\",\"Kode Puskesmas\",\"Peran\",\"Nama Lengkap\",\"NIP\",\"NIK\",\"Jabatan\",\"Nomor HP\",\"Email\""
    );
    assert_eq!(
        lines[1],
        "\"Puskesmas Candilama\",\"P3374010101\",\"Administrator Puskesmas\",\"Ani Rahmawati\",\
         \"199008172015032001\",\"3374015708900002\",\"Pengelola Data\",\"081234567890\",\"ani@puskesmas.example.id\""
    );
    // A name with a comma stays one field.
    assert!(lines[2].contains(
        ",\"Supervisor\",\"Budi Santoso, S.Kep\",\"199008172015031002\",\"3374011708900001\","
    ));
    assert!(lines[3].contains(",\"Surveyor\",\"Citra Lestari\","));
    assert!(lines[4].contains(",\"Surveyor\",\"Dedi Kurniawan\","));
    assert!(lines[5].contains(",\"Kepala Puskesmas\",\"dr. Eka Putri\","));
    for p in [&ADMIN, &SUPERVISOR, &SURVEYOR_1, &SURVEYOR_2, &HEAD] {
        assert!(
            csv.contains(&format!("\"{}\"", p.nip)),
            "18 NIP digits of {}",
            p.name
        );
        assert!(
            csv.contains(&format!("\"{}\"", p.nik)),
            "16 NIK digits of {}",
            p.name
        );
        assert!(!csv.contains(&format!("'{}", p.nip)));
    }
    for line in &lines[..6] {
        assert_eq!(parse_csv_line(line).len(), 9, "{line}");
    }
    assert_eq!(parse_csv_line(lines[2])[3], "Budi Santoso, S.Kep");
    assert!(
        all.contains("Teks"),
        "the message says to import the columns as text: {all}"
    );

    // The request email, in Indonesian.
    assert!(
        email.contains("Kepada: keluargasehat@kemkes.go.id"),
        "{email}"
    );
    assert!(
        email.contains("Tembusan: Dinas Kesehatan Provinsi Jawa Tengah"),
        "{email}"
    );
    assert!(email.contains(
        "Subjek: Permohonan Akun Aplikasi Keluarga Sehat — Puskesmas Candilama (P3374010101)"
    ));
    assert!(email.contains("Dinas Kesehatan Kota Semarang"), "{email}");
    assert!(
        email.contains("• Administrator Puskesmas: 1 orang"),
        "{email}"
    );
    assert!(email.contains("• Supervisor: 1 orang"), "{email}");
    assert!(email.contains("• Surveyor: 2 orang"), "{email}");
    assert!(email.contains("• Kepala Puskesmas: 1 orang"), "{email}");
    assert!(email.contains("surat permohonan resmi"), "{email}");
    // The reminder: the copy goes first to the provincial Dinkes.
    assert!(
        all.contains("Dinas Kesehatan Provinsi Jawa Tengah terlebih dahulu"),
        "{all}"
    );
    // No case; the flow is finished.
    assert!(sim.cases().is_empty());
    assert!(sim.state.active.is_none());
}

/// Splits one RFC 4180 line (no line breaks inside fields).
fn parse_csv_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cur.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[test]
fn wrong_nip_and_nik_are_asked_again_with_nothing_lost() {
    let mut sim = to_roster();
    sim.say(ADMIN.name);
    // Gender digit (15th) must be 1 or 2.
    let t = sim.say("199008172015033001");
    assert_eq!(sim.step_id().as_deref(), Some("p_nip"), "{t}");
    assert!(t.contains("NIP (18 digit)?"), "asked again: {t}");
    assert!(
        t.contains("Digit ke-15 NIP (3) harus 1 (laki-laki) atau 2 (perempuan)"),
        "{t}"
    );
    assert!(text_field(&sim, "p_nip").is_none());
    assert_eq!(text_field(&sim, "p_name").as_deref(), Some("Ani Rahmawati"));
    // Too short.
    sim.say("19900817201503");
    assert_eq!(sim.step_id().as_deref(), Some("p_nip"));
    sim.say(ADMIN.nip);
    assert_eq!(sim.step_id().as_deref(), Some("p_nik"));
    // 15 digits.
    let t = sim.say("337401570890000");
    assert_eq!(sim.step_id().as_deref(), Some("p_nik"), "{t}");
    assert!(t.contains("NIK (16 digit)?"), "asked again: {t}");
    assert!(
        t.contains("NIK harus 16 digit, yang Anda ketik 15 digit"),
        "{t}"
    );
    // Day 32 does not exist (women have day + 40, so 72 is too much as well).
    let t = sim.say("3374017208900002");
    assert_eq!(sim.step_id().as_deref(), Some("p_nik"));
    assert!(t.contains("Digit 7–8 NIK (72)"), "{t}");
    assert!(text_field(&sim, "p_nik").is_none());
    assert_eq!(text_field(&sim, "p_name").as_deref(), Some("Ani Rahmawati"));
    assert_eq!(text_field(&sim, "p_nip").as_deref(), Some(ADMIN.nip));
    sim.say(ADMIN.nik);
    assert_eq!(sim.step_id().as_deref(), Some("p_jabatan"));
    // Other validators too: a landline is not a mobile number, an email without @.
    sim.say(ADMIN.jabatan);
    let t = sim.say("(024) 7654321");
    assert_eq!(sim.step_id().as_deref(), Some("p_mobile"));
    assert!(t.contains("bukan telepon kantor"), "{t}");
    sim.say(ADMIN.mobile);
    let t = sim.say("ani.puskesmas.example.id");
    assert_eq!(sim.step_id().as_deref(), Some("p_email"));
    assert!(t.contains("harus memuat \"@\""), "{t}");
    let t = sim.say(ADMIN.email);
    assert!(
        t.contains("✅ Data Administrator Puskesmas tersimpan."),
        "{t}"
    );
    assert!(t.contains("👤 Supervisor"), "{t}");
    assert_eq!(roster(&sim).len(), 1);
    assert_eq!(roster(&sim)[0]["nik"], ADMIN.nik);
}

#[test]
fn duplicate_nik_and_nip_are_rejected() {
    let mut sim = to_roster();
    enter(&mut sim, &ADMIN);
    sim.say(SUPERVISOR.name);
    // The administrator's NIP.
    let t = sim.say(ADMIN.nip);
    assert_eq!(sim.step_id().as_deref(), Some("p_nip"), "{t}");
    assert!(
        t.contains("NIP ini sudah dipakai Administrator Puskesmas (Ani Rahmawati)"),
        "{t}"
    );
    assert!(text_field(&sim, "p_nip").is_none());
    sim.say(SUPERVISOR.nip);
    // The administrator's NIK.
    let t = sim.say(ADMIN.nik);
    assert_eq!(sim.step_id().as_deref(), Some("p_nik"), "{t}");
    assert!(
        t.contains("NIK ini sudah dipakai Administrator Puskesmas (Ani Rahmawati)"),
        "{t}"
    );
    assert!(t.contains("NIK (16 digit)?"), "{t}");
    assert!(text_field(&sim, "p_nik").is_none());
    assert_eq!(text_field(&sim, "p_nip").as_deref(), Some(SUPERVISOR.nip));
    sim.say(SUPERVISOR.nik);
    assert_eq!(sim.step_id().as_deref(), Some("p_jabatan"));
    sim.say(SUPERVISOR.jabatan);
    sim.say(SUPERVISOR.mobile);
    sim.say(SUPERVISOR.email);
    let r = roster(&sim);
    assert_eq!(r.len(), 2);
    assert_eq!(r[1]["nik"], SUPERVISOR.nik);
    assert_eq!(r[1]["nip"], SUPERVISOR.nip);
}

#[test]
fn ten_surveyors_at_most() {
    let mut sim = to_roster();
    enter(&mut sim, &ADMIN);
    enter(&mut sim, &SUPERVISOR);
    let names = [
        "Siti", "Rina", "Wati", "Yuni", "Tono", "Agus", "Bayu", "Dian", "Fajar", "Gita",
    ];
    for (i, first) in names.iter().enumerate() {
        let n = i + 1;
        let p = P {
            name: Box::leak(format!("{first} Surveyor").into_boxed_str()),
            nip: Box::leak(format!("1990081720150310{:02}", n + 10).into_boxed_str()),
            nik: Box::leak(format!("33740117089000{:02}", n + 10).into_boxed_str()),
            jabatan: "Kader",
            mobile: Box::leak(format!("0812-3456-78{:02}", n + 10).into_boxed_str()),
            email: Box::leak(format!("s{n}@puskesmas.example.id").into_boxed_str()),
        };
        assert!(
            sim.text().contains(&format!("👤 Surveyor {n}")),
            "{}",
            sim.text()
        );
        let t = enter(&mut sim, &p);
        if n < 10 {
            assert_eq!(sim.step_id().as_deref(), Some("ask_more"), "{t}");
            assert!(
                t.contains(&format!("Sudah {n} surveyor (paling banyak 10)")),
                "{t}"
            );
            sim.press("Ya, tambah");
        } else {
            // After the 10th: no "add another" question, straight to the head.
            assert_eq!(sim.step_id().as_deref(), Some("p_name"), "{t}");
            assert!(!t.contains("Tambah surveyor lagi?"), "{t}");
            assert!(t.contains("Sudah 10 surveyor"), "{t}");
            assert!(t.contains("👤 Kepala Puskesmas"), "{t}");
        }
    }
    enter(&mut sim, &HEAD);
    assert_eq!(sim.step_id().as_deref(), Some("review"));
    let r = roster(&sim);
    assert_eq!(r.len(), 13);
    assert_eq!(r.iter().filter(|p| p["role"] == "surveyor").count(), 10);
    // "Add a surveyor" from the review is refused at 10.
    let t = sim.press("Tambah surveyor");
    assert_eq!(sim.step_id().as_deref(), Some("review"), "{t}");
    assert!(t.contains("Sudah 10 surveyor"), "{t}");
    let (csv, email, _) = produce(&mut sim);
    assert_eq!(csv.matches("\r\n").count(), 14);
    assert!(email.contains("• Surveyor: 10 orang"), "{email}");
}

#[test]
fn re_entering_one_person_replaces_the_record() {
    let mut sim = full_roster();
    sim.press("Ulangi satu orang");
    assert_eq!(sim.step_id().as_deref(), Some("redo_role"));
    sim.press("Surveyor");
    assert_eq!(sim.step_id().as_deref(), Some("redo_which"));
    // There is no surveyor 3.
    let t = sim.press("Surveyor 3");
    assert_eq!(sim.step_id().as_deref(), Some("redo_which"), "{t}");
    assert!(t.contains("Tidak ada surveyor 3"), "{t}");
    let t = sim.press("Surveyor 2");
    assert_eq!(sim.step_id().as_deref(), Some("p_name"), "{t}");
    assert!(t.contains("Isi ulang data Surveyor 2"), "{t}");
    assert!(t.contains("👤 Surveyor 2"), "{t}");
    let new = P {
        name: "Fitri Handayani",
        // The old NIP/NIK of the same person are not duplicates; another person's are.
        nip: SURVEYOR_2.nip,
        nik: "3374015708900009",
        jabatan: "Promkes",
        mobile: "0812-3456-7899",
        email: "fitri@puskesmas.example.id",
    };
    sim.say(new.name);
    sim.say(new.nip);
    let t = sim.say(SURVEYOR_1.nik);
    assert!(
        t.contains("NIK ini sudah dipakai Surveyor 1 (Citra Lestari)"),
        "{t}"
    );
    sim.say(new.nik);
    sim.say(new.jabatan);
    sim.say(new.mobile);
    let t = sim.say(new.email);
    assert_eq!(sim.step_id().as_deref(), Some("review"), "{t}");
    assert!(t.contains("4. Surveyor 2: Fitri Handayani"), "{t}");
    assert!(!t.contains("Dedi Kurniawan"), "{t}");
    let r = roster(&sim);
    assert_eq!(r.len(), 5);
    assert_eq!(r[3]["name"], "Fitri Handayani");
    assert_eq!(r[3]["role"], "surveyor");
    assert_eq!(r[3]["nik"], "3374015708900009");

    // The head, directly (one of a kind).
    sim.press("Ulangi satu orang");
    let t = sim.press("Kepala Puskesmas");
    assert!(t.contains("👤 Kepala Puskesmas"), "{t}");
    enter(
        &mut sim,
        &P {
            name: "dr. Gunawan",
            ..HEAD
        },
    );
    assert_eq!(sim.step_id().as_deref(), Some("review"));
    assert_eq!(roster(&sim)[4]["name"], "dr. Gunawan");
    assert_eq!(roster(&sim).len(), 5);

    // "Back to the roster" leaves everything as it was.
    sim.press("Ulangi satu orang");
    sim.press("Kembali ke daftar");
    assert_eq!(sim.step_id().as_deref(), Some("review"));

    let (csv, _, _) = produce(&mut sim);
    assert!(csv.contains("\"Fitri Handayani\""));
    assert!(!csv.contains("Dedi Kurniawan"));
    assert!(csv.contains("\"dr. Gunawan\""));
}

#[test]
fn puskesmas_name_without_the_word_puskesmas() {
    let mut sim = to_roster_named("Candilama");
    enter(&mut sim, &ADMIN);
    enter(&mut sim, &SUPERVISOR);
    enter(&mut sim, &SURVEYOR_1);
    sim.say("tidak");
    enter(&mut sim, &HEAD);
    let (csv, email, _) = produce(&mut sim);
    assert!(
        email.contains("— Puskesmas Candilama (P3374010101)"),
        "{email}"
    );
    assert!(
        email.contains("untuk Puskesmas Candilama (kode Puskesmas P3374010101)"),
        "{email}"
    );
    assert!(email.contains("• Surveyor: 1 orang"), "{email}");
    assert!(csv.contains("\r\n\"Candilama\",\"P3374010101\","), "{csv}");
}

#[test]
fn add_a_surveyor_from_the_review() {
    let mut sim = full_roster();
    let t = sim.press("Tambah surveyor");
    assert!(t.contains("👤 Surveyor 3"), "{t}");
    enter(
        &mut sim,
        &P {
            name: "Hadi Saputra",
            nip: "199008172015031006",
            nik: "3374011708900006",
            jabatan: "Kader",
            mobile: "0812-3456-7806",
            email: "hadi@puskesmas.example.id",
        },
    );
    assert_eq!(sim.step_id().as_deref(), Some("review"));
    let t = sim.text();
    // Listed with the surveyors, before the head.
    assert!(t.contains("5. Surveyor 3: Hadi Saputra"), "{t}");
    assert!(t.contains("6. Kepala Puskesmas: dr. Eka Putri"), "{t}");
    let (csv, email, _) = produce(&mut sim);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert!(
        lines[5].contains("Hadi Saputra") && lines[6].contains("Kepala Puskesmas"),
        "{csv}"
    );
    assert!(email.contains("• Surveyor: 3 orang"));
}

#[test]
fn back_in_the_middle_of_a_person() {
    let mut sim = to_roster();
    enter(&mut sim, &ADMIN);
    sim.say(SUPERVISOR.name);
    sim.say(SUPERVISOR.nip);
    assert_eq!(sim.step_id().as_deref(), Some("p_nik"));
    let t = sim.say("/kembali");
    assert_eq!(sim.step_id().as_deref(), Some("p_nip"), "{t}");
    assert!(t.contains("👤 Supervisor"), "{t}");
    assert_eq!(text_field(&sim, "p_name").as_deref(), Some(SUPERVISOR.name));
    // A different NIP replaces the one given.
    sim.say("199008172015031007");
    assert_eq!(sim.step_id().as_deref(), Some("p_nik"));
    assert_eq!(
        text_field(&sim, "p_nip").as_deref(),
        Some("199008172015031007")
    );
    sim.say(SUPERVISOR.nik);
    sim.say(SUPERVISOR.jabatan);
    sim.say(SUPERVISOR.mobile);
    sim.say(SUPERVISOR.email);
    let r = roster(&sim);
    assert_eq!(r[1]["nip"], "199008172015031007");
    assert_eq!(r[1]["name"], SUPERVISOR.name);
}

#[test]
fn a_stored_person_is_final_for_back() {
    let mut sim = to_roster();
    enter(&mut sim, &ADMIN);
    assert_eq!(sim.step_id().as_deref(), Some("p_name"));
    // From the supervisor's first question, /kembali does not reopen the administrator's answers
    // (answers typed there would land in the wrong record); the review corrects a person.
    for _ in 0..2 {
        let t = sim.say("/kembali");
        assert_eq!(sim.step_id().as_deref(), Some("p_name"), "{t}");
        assert!(t.contains("langkah pertama"), "{t}");
        assert!(t.contains("👤 Supervisor"), "{t}");
    }
    enter(&mut sim, &SUPERVISOR);
    let r = roster(&sim);
    assert_eq!(r.len(), 2);
    assert_eq!(r[0]["name"], ADMIN.name);
    assert_eq!(r[0]["email"], ADMIN.email);
    assert_eq!(r[1]["name"], SUPERVISOR.name);
    // Within a person, /kembali still goes back one question.
    sim.say(SURVEYOR_1.name);
    sim.say("/kembali");
    assert_eq!(sim.step_id().as_deref(), Some("p_name"));
}

#[test]
fn restart_mid_roster_continues_at_the_same_step() {
    let mut sim = to_roster();
    enter(&mut sim, &ADMIN);
    enter(&mut sim, &SUPERVISOR);
    sim.say(SURVEYOR_1.name);
    sim.say(SURVEYOR_1.nip);
    sim.say(SURVEYOR_1.nik);
    let before = sim.state.clone();
    sim.restart();
    assert_eq!(sim.state, before);
    assert_eq!(sim.step_id().as_deref(), Some("p_jabatan"));
    assert_eq!(text_field(&sim, "p_nik").as_deref(), Some(SURVEYOR_1.nik));
    assert_eq!(roster(&sim).len(), 2);
    sim.say(SURVEYOR_1.jabatan);
    sim.say(SURVEYOR_1.mobile);
    sim.say(SURVEYOR_1.email);
    assert_eq!(sim.step_id().as_deref(), Some("ask_more"));
    sim.restart();
    sim.say("tidak");
    enter(&mut sim, &HEAD);
    assert_eq!(sim.step_id().as_deref(), Some("review"));
    let r = roster(&sim);
    assert_eq!(r.len(), 4);
    assert_eq!(r[2]["name"], SURVEYOR_1.name);
    assert_eq!(r[2]["nik"], SURVEYOR_1.nik);
}

#[test]
fn progress_marker_and_short_labels() {
    let mut sim = to_roster();
    assert!(sim.text().contains("Langkah 5 dari 11"), "{}", sim.text());
    sim.say(ADMIN.name);
    assert!(sim.text().contains("Langkah 6 dari 11"), "{}", sim.text());
    let mut sim = full_roster();
    assert!(sim.text().contains("Langkah 11 dari 11"), "{}", sim.text());
    for o in sim.options() {
        assert!(o.chars().count() <= 24, "{o}");
    }
    sim.press("Ulangi satu orang");
    for o in sim.options() {
        assert!(o.chars().count() <= 24, "{o}");
    }
    let sim = start();
    for o in sim.options() {
        assert!(o.chars().count() <= 24, "{o}");
    }
}

#[test]
fn human_request_mid_roster_carries_the_puskesmas() {
    let mut sim = to_roster();
    sim.say(ADMIN.name);
    sim.say("/petugas");
    sim.say("Kode Puskesmas kami belum ada, bagaimana?");
    let cases = sim.cases();
    assert_eq!(cases.len(), 1);
    let c = cases[0];
    assert_eq!(c.queue, pandu::dialog::Queue::KeluargaSehat);
    assert!(
        c.fields
            .iter()
            .any(|(k, v)| k == "Kode Puskesmas" && v == "P3374010101"),
        "{:?}",
        c.fields
    );
    assert!(
        c.fields
            .iter()
            .any(|(k, v)| k == "Provinsi" && v == "Jawa Tengah"),
        "{:?}",
        c.fields
    );
    // The flow goes on where it was.
    assert_eq!(sim.step_id().as_deref(), Some("p_nip"));
}

#[test]
fn cancel_mid_roster() {
    let mut sim = to_roster();
    enter(&mut sim, &ADMIN);
    sim.say(SUPERVISOR.name);
    sim.say("/batal");
    assert!(sim.state.pending.is_some());
    sim.say("ya");
    assert!(sim.state.active.is_none());
    assert!(sim.cases().is_empty());
}

#[test]
fn language_switch_mid_roster() {
    let mut sim = to_roster();
    sim.say(ADMIN.name);
    let t = sim.say("/bahasa en");
    assert_eq!(sim.step_id().as_deref(), Some("p_nip"));
    assert!(t.contains("👤 Puskesmas administrator"), "{t}");
    assert!(t.contains("NIP (18 digits)?"), "{t}");
    sim.say(ADMIN.nip);
    sim.say(ADMIN.nik);
    sim.say(ADMIN.jabatan);
    sim.say(ADMIN.mobile);
    let t = sim.say(ADMIN.email);
    assert!(t.contains("✅ Puskesmas administrator saved."), "{t}");
    enter(&mut sim, &SUPERVISOR);
    enter(&mut sim, &SURVEYOR_1);
    let t = sim.text();
    assert!(t.contains("Add another surveyor?"), "{t}");
    sim.press("No, continue");
    enter(&mut sim, &HEAD);
    assert!(sim.text().contains("Head of the Puskesmas"));
    sim.press("Produce the files");
    let all = sim.text();
    // The official texts stay Indonesian; the messages around them are English.
    assert!(
        all.contains("Subjek: Permohonan Akun Aplikasi Keluarga Sehat"),
        "{all}"
    );
    assert!(
        all.contains("import the NIP, NIK and mobile number columns as Text"),
        "{all}"
    );
    let csv = sim
        .last
        .iter()
        .find_map(|r| r.file.clone())
        .unwrap()
        .content;
    assert!(csv.contains("\"Administrator Puskesmas\""));
    assert!(csv.contains("\"Kepala Puskesmas\""));
}

#[test]
fn about_and_procedure() {
    let mut sim = start();
    let t = sim.press("Tentang aplikasi");
    assert_eq!(sim.step_id().as_deref(), Some("about"));
    for s in [
        "pusat, provinsi, kab/kota, Puskesmas",
        "admin",
        "kepala Puskesmas",
        "supervisor",
        "surveyor",
        "Indeks Keluarga Sehat",
    ] {
        assert!(t.contains(s), "{s}: {t}");
    }
    sim.say("1");
    assert_eq!(sim.step_id().as_deref(), Some("menu"));

    let mut texts = vec![sim.press("Alur 7 tahap")];
    for _ in 0..8 {
        texts.push(sim.say("1"));
    }
    let ids: Vec<String> = (1..=7).map(|n| format!("Tahap {n} dari 7")).collect();
    for (i, id) in ids.iter().enumerate() {
        assert!(texts[i].contains(id), "{id}: {}", texts[i]);
    }
    assert!(
        texts[0].contains("1 orang administrator Puskesmas")
            && texts[0].contains("10 orang surveyor")
    );
    assert!(texts[1].contains("Nama lengkap, NIP dan NIK"));
    assert!(
        texts[3].contains(
            "Jalan HR. Rasuna Said Blok X-5 Kav 4-9, Jakarta Selatan, 12950, Lt. 6 R.614"
        )
    );
    assert!(texts[3].contains("keluargasehat@kemkes.go.id"));
    assert!(texts[3].contains("Dinas Kesehatan Provinsi terlebih dahulu"));
    assert!(texts[4].contains("1 akun Dinas Kesehatan Provinsi"));
    assert!(
        texts[4].contains("1 akun administrator Puskesmas")
            && texts[4].contains("panduan aktivasi")
    );
    assert!(texts[5].contains("dikirim kembali ke Dinas Kesehatan Kabupaten/Kota"));
    assert!(texts[6].contains("supervisor, surveyor dan kepala Puskesmas"));
    assert!(
        texts[7].contains("ISO 27001")
            && texts[7].contains("Permendagri No 16/2015")
            && texts[7].contains("NKK")
    );
    let contacts = &texts[8];
    for c in [
        "Munaryo. 08128348722",
        "Wiwid. 081281382992",
        "Dewi Roro. 081386242105",
        "Ismail 081808252390",
        "Diah Puspita 081310241210",
        "Tatik 085642646756",
        "Margiyono 081382838445",
        "Amnur 0815100805060",
    ] {
        assert!(contacts.contains(c), "{c}: {contacts}");
    }
    sim.say("1");
    assert_eq!(sim.step_id().as_deref(), Some("menu"));
    sim.press("Selesai");
    assert!(sim.state.active.is_none());
}
