//! The clinic registration flow (seed 002) end to end.

mod common;

use common::{Sim, pick};
use pandu::dialog::files::{human_size, kilobytes};
use pandu::dialog::model::FileType;
use pandu::dialog::state::Value;
use pandu::i18n::Lang;

const MB: u64 = 1024 * 1024;

/// Starts the clinic flow; its menu is shown.
fn start() -> Sim {
    let mut sim = Sim::new();
    sim.say("/klinik");
    assert_eq!(sim.step_id().as_deref(), Some("menu"));
    sim
}

/// Presses the option whose value (the part of the key after the sequence number) is `value`:
/// A text as the engine renders it (core texts or the flow's own).
fn text(sim: &Sim, id: &str, vars: &[(&str, String)]) -> String {
    sim.defs.locales.text(Lang::Id, id, vars)
}

fn data<'a>(sim: &'a Sim, field: &str) -> Option<&'a str> {
    sim.state
        .active
        .as_ref()
        .and_then(|a| a.data.get(field))
        .and_then(Value::as_text)
}

fn has(sim: &Sim, field: &str) -> bool {
    sim.state
        .active
        .as_ref()
        .is_some_and(|a| a.data.contains_key(field))
}

/// The 1-based number of the option labelled exactly `label`.
fn number_of(sim: &Sim, label: &str) -> String {
    let i = sim
        .options()
        .iter()
        .position(|o| o == label)
        .unwrap_or_else(|| panic!("no {label:?}"));
    (i + 1).to_string()
}

// ----- 1. who validates -----

#[test]
fn pma_is_validated_by_kemenkes() {
    let mut sim = start();
    sim.press("Siapa yang memvalidasi");
    assert_eq!(sim.step_id().as_deref(), Some("ownership"));
    assert!(sim.text().contains("Penanaman Modal Asing (PMA)"));
    let out = sim.press("PMA");
    assert_eq!(sim.step_id().as_deref(), Some("who_answer"));
    assert_eq!(data(&sim, "ownership"), Some("pma"));
    assert!(out.contains("divalidasi oleh Kemenkes"), "{out}");
    assert!(
        !out.contains("registrasi klinik divalidasi oleh Dinkes"),
        "{out}"
    );
    // User registration: always the Dinkes Kab/Kota of the same regency/city.
    assert!(
        out.contains("Pendaftaran user aplikasi selalu divalidasi oleh Dinkes Kab/Kota"),
        "{out}"
    );
    assert!(out.contains("tidak bisa divalidasi"), "{out}");
    pick(&mut sim, "next");
    assert_eq!(sim.step_id().as_deref(), Some("menu"));
}

#[test]
fn pmdn_and_government_are_validated_by_the_dinkes_kab_kota() {
    for (label, value, phrase) in [
        ("PMDN", "pmdn", "Penanaman Modal Dalam Negeri (PMDN)"),
        ("Pemerintah", "gov", "Pemerintah"),
    ] {
        let mut sim = start();
        sim.press("Siapa yang memvalidasi");
        let out = sim.press(label);
        assert_eq!(data(&sim, "ownership"), Some(value));
        assert!(out.contains(phrase), "{out}");
        assert!(
            out.contains(
                "registrasi klinik divalidasi oleh Dinkes Kab/Kota di wilayah Kab/Kota klinik Anda"
            ),
            "{out}"
        );
        assert!(!out.contains("Kemenkes"), "{out}");
    }
}

// ----- 2. documents -----

#[test]
fn documents_are_checked_pdf_and_size() {
    let mut sim = start();
    // The ownership is not known yet: asked first.
    sim.press("Cek dokumen");
    assert_eq!(sim.step_id().as_deref(), Some("ownership"));
    let out = sim.press("PMDN");
    assert_eq!(sim.step_id().as_deref(), Some("doc_intro"));
    assert!(out.contains("PDF, tidak lebih dari 2 MB"), "{out}");
    assert!(
        out.contains("Sesditjen Pelayanan Kesehatan, ditandatangani Kepala Klinik"),
        "{out}"
    );
    assert!(out.contains("Surat Izin Operasional Klinik"), "{out}");
    assert!(!out.contains("• c."), "no PMA proof for PMDN: {out}");
    pick(&mut sim, "next");
    assert_eq!(sim.step_id().as_deref(), Some("doc_letter"));

    let not_pdf = text(&sim, "file-not-pdf", &[]);
    let too_big = |sim: &Sim, size: u64| {
        text(
            sim,
            "file-too-big",
            &[("size", kilobytes(size)), ("max", kilobytes(2 * MB))],
        )
    };

    // A 3 MB PDF: too big, and only that.
    let out = sim.file("surat.pdf", 3 * MB, FileType::Pdf);
    assert!(out.contains(&too_big(&sim, 3 * MB)), "{out}");
    assert!(!out.contains(&not_pdf), "{out}");
    assert_eq!(sim.step_id().as_deref(), Some("doc_letter"));
    assert!(!has(&sim, "doc_letter"));

    // A JPEG: not a PDF, and only that.
    let out = sim.file("surat.jpg", 300 * 1024, FileType::Jpeg);
    assert!(out.contains(&not_pdf), "{out}");
    assert!(!out.contains(&too_big(&sim, 300 * 1024)), "{out}");
    assert_eq!(sim.step_id().as_deref(), Some("doc_letter"));

    // A 3 MB Word file named .pdf: both rules in one answer.
    let out = sim.file("surat.pdf", 3 * MB, FileType::Other);
    assert!(
        out.contains(&not_pdf) && out.contains(&too_big(&sim, 3 * MB)),
        "{out}"
    );
    assert_eq!(sim.step_id().as_deref(), Some("doc_letter"));
    assert!(!has(&sim, "doc_letter"));

    // A 1 MB PDF: accepted.
    let out = sim.file("surat-permohonan.pdf", MB, FileType::Pdf);
    assert!(out.contains(&text(
        &sim,
        "upload-accepted",
        &[
            ("name", "surat-permohonan.pdf".into()),
            ("size", human_size(MB))
        ]
    )));
    assert_eq!(sim.step_id().as_deref(), Some("doc_permit"));
    assert!(matches!(
        sim.state.active.as_ref().unwrap().data.get("doc_letter"),
        Some(Value::File(_))
    ));

    // The permit is skipped; for PMDN there is no PMA proof: straight to the summary.
    let out = pick(&mut sim, "skip");
    assert_eq!(sim.step_id().as_deref(), Some("menu"));
    let history = &sim.state.active.as_ref().unwrap().history;
    assert!(!history.iter().any(|s| s == "doc_pma"), "{history:?}");
    assert!(out.contains("Hasil pemeriksaan dokumen"), "{out}");
    let passed = out
        .split("Lolos pemeriksaan:")
        .nth(1)
        .unwrap()
        .split("Masih kurang:")
        .collect::<Vec<_>>();
    assert!(
        passed[0].contains("✅ Surat permohonan Registrasi Klinik — surat-permohonan.pdf (1,0 MB)"),
        "{out}"
    );
    assert!(
        passed[1].contains("⬜ Surat Izin Operasional Klinik"),
        "{out}"
    );
    assert!(!out.contains("Penanaman Modal Asing"), "{out}");
    assert!(out.contains("Siapkan yang masih kurang"), "{out}");
    assert!(sim.cases().is_empty());
}

#[test]
fn pma_proof_is_asked_only_for_pma() {
    let mut sim = start();
    // Ownership known from section 1: the document check does not ask it again.
    sim.press("Siapa yang memvalidasi");
    sim.press("PMA");
    pick(&mut sim, "next");
    let out = sim.press("Cek dokumen");
    assert_eq!(sim.step_id().as_deref(), Some("doc_intro"));
    assert!(
        out.contains("• c. Surat bukti Penanaman Modal Asing"),
        "{out}"
    );
    pick(&mut sim, "next");
    sim.file("permohonan.pdf", 500 * 1024, FileType::Pdf);
    sim.file("sio.pdf", 2 * MB, FileType::Pdf); // exactly 2 MB is allowed
    assert_eq!(sim.step_id().as_deref(), Some("doc_pma"));
    assert!(sim.text().contains("Surat bukti Penanaman Modal Asing"));
    let out = sim.file("pma.pdf", 700 * 1024, FileType::Pdf);
    assert_eq!(sim.step_id().as_deref(), Some("menu"));
    assert!(
        out.contains("✅ Surat bukti Penanaman Modal Asing — pma.pdf"),
        "{out}"
    );
    assert!(
        out.contains("✅ Surat Izin Operasional Klinik — sio.pdf (2,0 MB)"),
        "{out}"
    );
    assert!(out.contains("Semua dokumen siap diunggah"), "{out}");

    // Now the clinic turns out to be PMDN: the check no longer asks for (or counts) the proof.
    sim.press("Siapa yang memvalidasi");
    sim.press("PMDN");
    pick(&mut sim, "next");
    sim.press("Cek dokumen");
    pick(&mut sim, "next");
    sim.file("permohonan.pdf", 500 * 1024, FileType::Pdf);
    let out = pick(&mut sim, "skip");
    assert_eq!(sim.step_id().as_deref(), Some("menu"));
    assert!(!out.contains("Penanaman Modal Asing"), "{out}");
    assert!(!has(&sim, "doc_pma"));
}

#[test]
fn pma_missing_proof_is_reported() {
    let mut sim = start();
    sim.press("Cek dokumen");
    sim.press("PMA");
    pick(&mut sim, "next");
    pick(&mut sim, "skip");
    pick(&mut sim, "skip");
    assert_eq!(sim.step_id().as_deref(), Some("doc_pma"));
    let out = pick(&mut sim, "skip");
    let missing = out.split("Masih kurang:").nth(1).unwrap();
    for doc in [
        "Surat permohonan Registrasi Klinik",
        "Surat Izin Operasional Klinik",
        "Surat bukti Penanaman Modal Asing",
    ] {
        assert!(missing.contains(&format!("⬜ {doc}")), "{out}");
    }
    assert!(out.contains("Lolos pemeriksaan:\n(tidak ada)"), "{out}");
}

// ----- 3. user-registration form -----

/// From the menu to the province step with valid answers.
fn fill_to_province(sim: &mut Sim) {
    sim.press("Siapkan form user");
    pick(sim, "next");
    sim.say("3374011708900001");
    sim.say("Ani Lestari");
    sim.say("ani@puskesmas.example.id");
    sim.say("0812-3456-7890");
    sim.say("17-08-1990");
    assert_eq!(sim.step_id().as_deref(), Some("province"));
}

fn choose_semarang(sim: &mut Sim) -> String {
    let n = number_of(sim, "Jawa Tengah");
    sim.say(&n);
    assert_eq!(data(sim, "province"), Some("33"));
    assert_eq!(sim.step_id().as_deref(), Some("regency"));
    sim.say("Kota Semarang");
    assert_eq!(data(sim, "regency"), Some("3374"));
    assert_eq!(sim.step_id().as_deref(), Some("district"));
    let district = &pandu::regions::regions().districts_of("3374")[9];
    sim.say(&district.name);
    assert_eq!(data(sim, "district"), Some(district.code.as_str()));
    assert_eq!(sim.step_id().as_deref(), Some("review"));
    district.name.clone()
}

#[test]
fn form_intro_names_the_fields_and_never_asks_the_password() {
    let mut sim = start();
    let out = sim.press("Siapkan form user");
    assert_eq!(sim.step_id().as_deref(), Some("form_intro"));
    for f in [
        "Kategori User",
        "Jabatan",
        "Password",
        "Confirm Password",
        "Jenis Kelamin",
        "Tempat lahir",
        "Alamat",
    ] {
        assert!(out.contains(f), "{f}: {out}");
    }
    assert!(out.contains("pandu tidak pernah menanyakannya"), "{out}");
    assert!(out.contains("“Daftar User”"), "{out}");
    let flow = pandu::flows::ALL.iter().find(|f| f.id == "clinic").unwrap();
    assert!(flow.field_step("password").is_none());
}

#[test]
fn form_validates_each_field_and_asks_again() {
    let mut sim = start();
    sim.press("Siapkan form user");
    pick(&mut sim, "next");
    assert_eq!(sim.step_id().as_deref(), Some("nik"));
    let progress = text(
        &sim,
        "progress",
        &[
            ("pos", "2".into()),
            ("total", "10".into()),
            ("flow", text(&sim, "clinic-title", &[])),
        ],
    );
    assert!(sim.text().contains(&progress), "{}", sim.text());

    // NIK: 15 digits, then a month 13.
    let out = sim.say("337401170890000");
    assert!(
        out.contains(&text(&sim, "nik-length", &[("found", "15".into())])),
        "{out}"
    );
    assert!(
        out.contains(&text(&sim, "clinic-ask-nik", &[])),
        "asked again: {out}"
    );
    assert_eq!(sim.step_id().as_deref(), Some("nik"));
    let out = sim.say("3374011713900001");
    assert!(
        out.contains(&text(&sim, "nik-month", &[("value", "13".into())])),
        "{out}"
    );
    assert_eq!(sim.step_id().as_deref(), Some("nik"));
    assert!(!has(&sim, "nik"));
    sim.say("3374011708900001");
    assert_eq!(data(&sim, "nik"), Some("3374011708900001"));
    assert_eq!(sim.step_id().as_deref(), Some("full_name"));

    let out = sim.say("Ani 123");
    assert!(out.contains(&text(&sim, "name-digits", &[])), "{out}");
    assert_eq!(sim.step_id().as_deref(), Some("full_name"));
    sim.say("Ani Lestari");
    assert_eq!(data(&sim, "full_name"), Some("Ani Lestari"));

    let out = sim.say("ani.puskesmas.example.id");
    assert!(out.contains(&text(&sim, "email-missing-at", &[])), "{out}");
    assert_eq!(sim.step_id().as_deref(), Some("email"));
    sim.say("ani@puskesmas.example.id");
    assert_eq!(data(&sim, "email"), Some("ani@puskesmas.example.id"));

    let out = sim.say("021-5201590");
    assert!(out.contains(&text(&sim, "phone-not-mobile", &[])), "{out}");
    assert_eq!(sim.step_id().as_deref(), Some("mobile"));
    sim.say("0812-3456-7890");
    assert_eq!(data(&sim, "mobile"), Some("+6281234567890"));

    let out = sim.say("31-02-1990");
    assert!(
        out.contains(&text(
            &sim,
            "date-no-such",
            &[
                ("day", "31".into()),
                ("month", "02".into()),
                ("year", "1990".into())
            ]
        )),
        "{out}"
    );
    assert_eq!(sim.step_id().as_deref(), Some("birth_date"));
    sim.say("17 Agustus 1990");
    assert_eq!(data(&sim, "birth_date"), Some("17-08-1990"));
    assert_eq!(sim.step_id().as_deref(), Some("province"));

    // Nothing entered before was lost along the way.
    assert_eq!(data(&sim, "nik"), Some("3374011708900001"));
    assert_eq!(data(&sim, "full_name"), Some("Ani Lestari"));
}

#[test]
fn regions_by_number_and_by_name_then_ready_to_copy_text() {
    let mut sim = start();
    fill_to_province(&mut sim);
    let district = choose_semarang(&mut sim);
    let out = sim.text();
    assert!(out.contains("Provinsi: Jawa Tengah"), "{out}");
    assert!(out.contains("Kota/Kabupaten: Kota Semarang"), "{out}");
    assert!(out.contains(&format!("Kecamatan: {district}")), "{out}");

    pick(&mut sim, "confirm");
    assert_eq!(sim.step_id().as_deref(), Some("menu"));
    assert!(sim.cases().is_empty(), "no case is created");
    // The ready-to-copy text is a message of its own, in the form's order.
    let copy = sim
        .last
        .iter()
        .find(|r| r.text.starts_with("📋 Form Pendaftaran User"))
        .expect("copy text")
        .text
        .clone();
    let order = [
        "Kategori User:",
        "Jabatan:",
        "Email address: ani@puskesmas.example.id",
        "Password: (buat sendiri",
        "Confirm Password:",
        "No KTP: 3374011708900001",
        "Nama Lengkap: Ani Lestari",
        "Jenis Kelamin:",
        "No Handphone: 081234567890",
        "Tempat/Tanggal Lahir: (tempat lahir) / 17-08-1990",
        "Provinsi: Jawa Tengah",
        "Kota: Kota Semarang",
        &format!("Kecamatan: {district}"),
        "Alamat:",
    ];
    let mut at = 0;
    for line in order {
        let i = copy[at..]
            .find(line)
            .unwrap_or_else(|| panic!("{line:?} not in order in {copy}"));
        at += i + line.len();
    }
    let all = sim.text();
    assert!(
        all.contains("Dinkes Kab/Kota di wilayah Kab/Kota yang sama memverifikasi user Anda"),
        "{all}"
    );
    assert!(all.contains("link aktivasi dikirim ke email Anda"), "{all}");
    assert!(all.contains("Cek folder spam"), "{all}");
}

#[test]
fn district_by_number_and_province_by_name() {
    let mut sim = start();
    fill_to_province(&mut sim);
    sim.say("jawa tengah");
    assert_eq!(data(&sim, "province"), Some("33"));
    let n = number_of(&sim, "Kota Semarang");
    sim.say(&n);
    assert_eq!(data(&sim, "regency"), Some("3374"));
    sim.say("1");
    let first = &pandu::regions::regions().districts_of("3374")[0];
    assert_eq!(data(&sim, "district"), Some(first.code.as_str()));
    // An unknown name is answered and the step asked again.
    let mut sim = start();
    fill_to_province(&mut sim);
    let out = sim.say("Atlantis");
    assert!(
        out.contains(&text(
            &sim,
            "region-not-found",
            &[("query", "Atlantis".into())]
        )),
        "{out}"
    );
    assert_eq!(sim.step_id().as_deref(), Some("province"));
}

#[test]
fn changing_the_province_from_the_summary_asks_regency_and_district_again() {
    let mut sim = start();
    fill_to_province(&mut sim);
    choose_semarang(&mut sim);

    pick(&mut sim, "edit:province");
    assert_eq!(sim.step_id().as_deref(), Some("province"));
    sim.say("Jawa Barat");
    assert_eq!(data(&sim, "province"), Some("32"));
    assert!(!has(&sim, "regency") && !has(&sim, "district"), "cleared");
    // Not straight back to the summary: the regency and the district are asked again.
    assert_eq!(sim.step_id().as_deref(), Some("regency"));
    assert!(
        sim.options().iter().any(|o| o == "Kota Bandung"),
        "{:?}",
        sim.options()
    );
    sim.say("Kota Bandung");
    assert_eq!(data(&sim, "regency"), Some("3273"));
    assert_eq!(sim.step_id().as_deref(), Some("district"));
    sim.say("1");
    let first = &pandu::regions::regions().districts_of("3273")[0];
    assert_eq!(data(&sim, "district"), Some(first.code.as_str()));
    assert_eq!(sim.step_id().as_deref(), Some("review"));
    assert!(sim.text().contains("Kota/Kabupaten: Kota Bandung"));

    // Changing only the district goes straight back to the summary.
    pick(&mut sim, "edit:district");
    sim.say("2");
    assert_eq!(sim.step_id().as_deref(), Some("review"));
    // Changing the regency asks the district again, then back to the summary.
    pick(&mut sim, "edit:regency");
    sim.say("Kabupaten Bandung");
    assert_eq!(data(&sim, "regency"), Some("3204"));
    assert_eq!(sim.step_id().as_deref(), Some("district"));
    sim.say("1");
    assert_eq!(sim.step_id().as_deref(), Some("review"));
    // Changing the email goes straight back too.
    pick(&mut sim, "edit:email");
    sim.say("budi@klinik.example.id");
    assert_eq!(sim.step_id().as_deref(), Some("review"));
    assert_eq!(data(&sim, "email"), Some("budi@klinik.example.id"));
    assert_eq!(data(&sim, "province"), Some("32"));
}

#[test]
fn back_cancel_language_and_restart_mid_form() {
    let mut sim = start();
    sim.press("Siapkan form user");
    pick(&mut sim, "next");
    sim.say("3374011708900001");
    sim.say("Ani Lestari");
    assert_eq!(sim.step_id().as_deref(), Some("email"));

    // /kembali: the previous step again, its answer kept.
    sim.say("/kembali");
    assert_eq!(sim.step_id().as_deref(), Some("full_name"));
    assert_eq!(data(&sim, "full_name"), Some("Ani Lestari"));
    sim.say("Ani Lestari");

    // A restart continues at the same step with the same answers.
    sim.restart();
    assert_eq!(sim.step_id().as_deref(), Some("email"));
    sim.say("ani@puskesmas.example.id");
    assert_eq!(data(&sim, "nik"), Some("3374011708900001"));
    assert_eq!(sim.step_id().as_deref(), Some("mobile"));

    // /bahasa en: the next prompt is English.
    let out = sim.say("/bahasa en");
    assert!(out.contains("No Handphone (mobile number"), "{out}");
    let progress = sim.defs.locales.text(
        Lang::En,
        "progress",
        &[
            ("pos", "5".into()),
            ("total", "10".into()),
            ("flow", "Clinic registration (Registrasi Fasyankes)".into()),
        ],
    );
    assert!(out.contains(&progress), "{out}");
    sim.say("0812-3456-7890");
    sim.say("17-08-1990");
    let n = number_of(&sim, "Jawa Tengah");
    sim.say(&n);
    sim.say("Kota Semarang");
    sim.say("1");
    let out = pick(&mut sim, "confirm");
    assert!(
        out.contains("📋 Pendaftaran User form (in the application's order)"),
        "{out}"
    );
    assert!(out.contains("Check the spam folder"), "{out}");

    // /batal asks, then leaves the flow.
    sim.press("Prepare the user form");
    sim.say("/batal");
    assert!(sim.state.pending.is_some());
    pick(&mut sim, "yes");
    assert!(sim.state.active.is_none());
}

// ----- 4. the 10 steps -----

#[test]
fn tracker_is_remembered_and_reported() {
    let mut sim = start();
    let out = sim.press("10 langkah");
    assert_eq!(sim.step_id().as_deref(), Some("tracker"));
    assert_eq!(sim.options().len(), 10);
    assert!(out.contains("10 langkah"), "{out}");
    for label in sim.options() {
        assert!(label.chars().count() <= 24, "{label}");
    }

    let out = pick(&mut sim, "5");
    assert_eq!(
        sim.state.memory.get("clinic_step").and_then(Value::as_num),
        Some(5)
    );
    assert_eq!(sim.step_id().as_deref(), Some("track_detail"));
    assert!(
        out.contains("Anda di langkah 5 dari 10: Isi data registrasi. Berikutnya: Pantau progres."),
        "{out}"
    );
    assert!(out.contains("Data Dasar"), "{out}");
    assert!(out.contains("Sumber Daya Manusia (SDM)"), "{out}");
    assert!(
        out.contains("Sarana, Prasarana dan Alat Kesehatan"),
        "{out}"
    );
    assert!(
        out.contains("“Kirim”: data yang telah dikirim tidak dapat diubah"),
        "{out}"
    );
    pick(&mut sim, "next");
    assert_eq!(sim.step_id().as_deref(), Some("menu"));

    // /status reports it.
    let out = sim.say("/status");
    let line = text(
        &sim,
        "status-tracker",
        &[
            ("flow", text(&sim, "clinic-title", &[])),
            ("current", "5".into()),
            ("total", "10".into()),
            ("label", "Isi data registrasi".into()),
        ],
    );
    assert!(out.contains(&line), "{out}");

    // The other steps carry their facts.
    sim.press("10 langkah");
    let out = pick(&mut sim, "7");
    assert!(
        out.contains("email aktif user")
            && out.contains("perbaiki melalui aplikasi Registrasi Fasyankes"),
        "{out}"
    );
    pick(&mut sim, "next");
    sim.press("10 langkah");
    let out = pick(&mut sim, "9");
    assert!(
        out.contains("otomatis membuat kode klinik setelah ada persetujuan Dinkes Kab/Kota"),
        "{out}"
    );
    assert!(out.contains("Kode klinik ada di badan email"), "{out}");
    pick(&mut sim, "next");
    sim.press("10 langkah");
    let out = pick(&mut sim, "3");
    assert!(out.contains("Cek folder spam"), "{out}");
    pick(&mut sim, "next");
    sim.press("10 langkah");
    let out = pick(&mut sim, "10");
    assert!(out.contains("muncul di profile klinik"), "{out}");
    assert!(out.contains(&text(&sim, "tracker-last", &[])), "{out}");
    assert_eq!(
        sim.state.memory.get("clinic_step").and_then(Value::as_num),
        Some(10)
    );

    // Kept after the flow ends.
    pick(&mut sim, "next");
    pick(&mut sim, "done");
    assert!(sim.state.active.is_none());
    assert_eq!(
        sim.state.memory.get("clinic_step").and_then(Value::as_num),
        Some(10)
    );
}

// ----- 5. the Dinkes side -----

#[test]
fn dinkes_steps_and_data_scope() {
    let mut sim = start();
    sim.press("Langkah Dinkes");
    assert_eq!(sim.step_id().as_deref(), Some("dinkes_menu"));
    let out = sim.press("Validasi user");
    for s in [
        "“List User yang Mendaftar”",
        "“Verifikasi”",
        "“Kirim Validasi ke Email User”",
    ] {
        assert!(out.contains(s), "{s}: {out}");
    }
    pick(&mut sim, "next");
    assert_eq!(sim.step_id().as_deref(), Some("dinkes_menu"));
    let out = sim.press("Validasi klinik");
    for s in [
        "“List Registrasi Klinik”",
        "“Setujui”",
        "catatan alasannya",
        "kode klinik dikirim langsung melalui email",
    ] {
        assert!(out.contains(s), "{s}: {out}");
    }
    pick(&mut sim, "next");
    let out = sim.press("Akses data");
    assert!(out.contains("Klinik: data klinik masing-masing"), "{out}");
    assert!(
        out.contains("Dinkes Kab/Kota: klinik di wilayah Kab/Kota masing-masing"),
        "{out}"
    );
    assert!(
        out.contains("Dinkes Provinsi: klinik di wilayah Provinsi masing-masing"),
        "{out}"
    );
    assert!(out.contains("Kemkes: semua data klinik"), "{out}");
    pick(&mut sim, "next");
    sim.press("Kembali ke menu klinik");
    assert_eq!(sim.step_id().as_deref(), Some("menu"));
    pick(&mut sim, "done");
    assert!(sim.state.active.is_none());
    assert!(sim.text().contains(&text(
        &sim,
        "flow-finished",
        &[("flow", text(&sim, "clinic-title", &[]))]
    )));
}

#[test]
fn menu_labels_are_short() {
    let sim = start();
    assert_eq!(sim.options().len(), 6);
    for label in sim.options() {
        assert!(label.chars().count() <= 24, "{label}");
    }
}

#[test]
fn checking_the_documents_again_keeps_what_passed() {
    let mut sim = start();
    sim.say("2"); // document check
    sim.pick("pmdn");
    sim.pick("next");
    sim.file("surat.pdf", 500_000, FileType::Pdf);
    sim.file("izin.pdf", 600_000, FileType::Pdf);
    assert!(has(&sim, "doc_letter") && has(&sim, "doc_permit"));
    // Back in the section, skipping keeps the files accepted before.
    sim.say("2");
    let t = sim.pick("next");
    assert!(t.contains("surat.pdf"), "the earlier file is shown: {t}");
    let t = sim.pick("skip");
    assert!(t.contains("tetap disimpan"), "{t}");
    sim.pick("skip");
    assert!(
        has(&sim, "doc_letter") && has(&sim, "doc_permit"),
        "nothing lost"
    );
}
