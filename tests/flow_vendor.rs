//! The Klinik Pintar SATUSEHAT integration service (seed 001), end to end.

mod common;

use common::{Sim, pick};
use pandu::dialog::Queue;
use pandu::dialog::model::CaseKind;
use pandu::dialog::state::Value;
use pandu::flows::vendor::STEP_MEMORY;
use pandu::i18n::Lang;

fn core(sim: &Sim, id: &str) -> bool {
    sim.defs.locales.has(Lang::Id, id)
}

fn start() -> Sim {
    let mut sim = Sim::new();
    sim.say("/vendor");
    assert_eq!(sim.step_id().as_deref(), Some("menu"));
    sim
}

fn tracker_memory(sim: &Sim) -> Option<i64> {
    sim.state.memory.get(STEP_MEMORY).and_then(Value::as_num)
}

#[test]
fn prerequisites_name_the_missing_ones() {
    let mut sim = start();
    assert!(
        sim.text().contains("Platform-as-a-service"),
        "{}",
        sim.text()
    );
    let t = pick(&mut sim, "prereq");
    assert_eq!(sim.step_id().as_deref(), Some("req_agreement"));
    assert!(t.contains("“Perjanjian Pengguna Baru”"), "{t}");
    if core(&sim, "progress") {
        assert!(t.contains("Langkah 1 dari 6"), "{t}");
    }
    // A wrong answer asks again.
    sim.say("entahlah");
    assert_eq!(sim.step_id().as_deref(), Some("req_agreement"));

    let questions = [
        (
            "req_agreement",
            "Penggunaan Aplikasi Klinik Pintar & Layanan Pendukung",
            "ya",
        ),
        (
            "req_quotation",
            "quotation layanan extra support Integrasi SATUSEHAT",
            "belum",
        ),
        ("req_payment", "pembayaran layanan extra support", "ya"),
        ("req_cooperate", "bersedia melakukan kerja sama", "ya"),
        ("req_user", "minimal 1 (satu) kali training", "tidak"),
        ("req_code", "kode fasilitas kesehatan", "ya"),
    ];
    for (step, phrase, answer) in questions {
        assert_eq!(sim.step_id().as_deref(), Some(step));
        assert!(sim.text().contains(phrase), "{phrase}: {}", sim.text());
        sim.say(answer);
    }
    let t = sim.text();
    assert_eq!(sim.step_id().as_deref(), Some("again"));
    assert!(
        t.contains(
            "2 dari 6 syarat belum terpenuhi:\n• Quotation layanan ditandatangani\n• Akun pengguna Aplikasi Klinik Pintar dan minimal 1 kali training"
        ),
        "{t}"
    );
    for met in [
        "Perjanjian Pengguna Baru ditandatangani",
        "Pembayaran layanan",
        "Bersedia",
        "Kode fasilitas",
    ] {
        assert!(!t.contains(met), "{met} is met: {t}");
    }

    // Back to the menu, again with everything met.
    pick(&mut sim, "menu");
    assert_eq!(sim.step_id().as_deref(), Some("menu"));
    pick(&mut sim, "prereq");
    for _ in 0..6 {
        sim.say("ya");
    }
    assert!(
        sim.text().contains("Keenam syarat program terpenuhi"),
        "{}",
        sim.text()
    );
    pick(&mut sim, "finish");
    assert!(sim.state.active.is_none());
}

#[test]
fn prerequisites_back_restart_and_english() {
    let mut sim = start();
    pick(&mut sim, "prereq");
    sim.say("ya");
    sim.say("tidak");
    assert_eq!(sim.step_id().as_deref(), Some("req_payment"));
    sim.say("/kembali");
    assert_eq!(sim.step_id().as_deref(), Some("req_quotation"));
    sim.say("ya");

    sim.restart();
    assert_eq!(sim.step_id().as_deref(), Some("req_payment"));
    let data = &sim.state.active.as_ref().unwrap().data;
    assert_eq!(
        data.get("req_agreement").and_then(Value::as_text),
        Some("yes")
    );
    assert_eq!(
        data.get("req_quotation").and_then(Value::as_text),
        Some("yes")
    );

    let t = sim.say("/bahasa en");
    assert!(
        t.contains("Has your clinic paid for the SATUSEHAT integration extra support service?"),
        "{t}"
    );
    for answer in ["no", "yes", "yes", "no"] {
        sim.say(answer);
    }
    let t = sim.text();
    assert!(
        t.contains("2 of 6 requirements are not met yet:\n• Payment for the service\n• Health facility code"),
        "{t}"
    );
}

#[test]
fn the_tracker_stores_the_step_and_says_what_comes_next() {
    let mut sim = start();
    let t = pick(&mut sim, "flow");
    assert_eq!(sim.step_id().as_deref(), Some("tracker"));
    assert!(
        t.contains("1. Mitra mengisi form pendaftaran layanan integrasi SATUSEHAT"),
        "{t}"
    );
    assert!(
        t.contains(
            "9. Klinik Pintar memasukkan kode akses API SATUSEHAT ke Aplikasi Klinik Pintar"
        ),
        "{t}"
    );
    assert!(!t.contains("Terakhir tercatat"), "{t}");
    assert_eq!(sim.options().len(), 9);

    let t = sim.say("3");
    assert_eq!(tracker_memory(&sim), Some(3));
    assert_eq!(sim.step_id().as_deref(), Some("again"));
    assert!(t.contains("langkah 3 dari 9 (Konfirmasi data)"), "{t}");
    assert!(
        t.contains("Berikutnya:\nLangkah 4: Klinik Pintar melakukan registrasi fasyankes."),
        "{t}"
    );

    // Remembered across a restart and another procedure, and shown in /status.
    sim.restart();
    sim.say("/portal");
    let t = sim.say("/status");
    if core(&sim, "status-tracker") {
        assert!(t.contains("Konfirmasi data"), "{t}");
    }
    sim.say("/vendor");
    pick(&mut sim, "flow");
    assert!(
        sim.text()
            .contains("Terakhir tercatat: langkah 3 (Konfirmasi data)."),
        "{}",
        sim.text()
    );

    // A step done by the partner: the payment, with the quotation amount.
    let t = sim.press("Form pendaftaran");
    assert_eq!(tracker_memory(&sim), Some(1));
    assert!(
        t.contains("Langkah 2: Mitra melakukan pembayaran, sesuai nominal pada dokumen quotation"),
        "{t}"
    );

    // Waiting for verification: the API codes come if the data is approved.
    pick(&mut sim, "menu");
    pick(&mut sim, "flow");
    let t = sim.press("Menunggu verifikasi");
    assert_eq!(tracker_memory(&sim), Some(7));
    assert!(
        t.contains("Langkah 8: jika data disetujui, klinik mendapatkan kode akses API."),
        "{t}"
    );

    // The last step.
    pick(&mut sim, "menu");
    pick(&mut sim, "flow");
    let t = sim.say("9");
    assert_eq!(tracker_memory(&sim), Some(9));
    assert!(t.contains("Ini langkah terakhir"), "{t}");

    // In English.
    pick(&mut sim, "menu");
    sim.say("/bahasa en");
    pick(&mut sim, "flow");
    assert!(
        sim.text()
            .contains("Last recorded: step 9 (API codes in the app)."),
        "{}",
        sim.text()
    );
    let t = sim.say("5");
    assert!(
        t.contains("Next:\nStep 6: Klinik Pintar registers the institution"),
        "{t}"
    );
}

#[test]
fn rights_duties_and_legal_basis() {
    let mut sim = start();
    let t = pick(&mut sim, "rights");
    assert_eq!(sim.step_id().as_deref(), Some("rights_vendor"));
    for phrase in [
        "Memberikan informasi alur proses integrasi SATUSEHAT",
        "Melakukan registrasi fasyankes di portal SATUSEHAT",
        "Membuatkan akun pada portal SATUSEHAT",
        "sudah selesai dan dapat digunakan",
    ] {
        assert!(t.contains(phrase), "{phrase}: {t}");
    }
    let t = pick(&mut sim, "next");
    assert_eq!(sim.step_id().as_deref(), Some("rights_partner"));
    for phrase in [
        "Bekerja sama dengan Klinik Pintar untuk berkoordinasi",
        "nominal yang tertera pada dokumen quotation",
        "file PDF dan/atau lainnya",
    ] {
        assert!(t.contains(phrase), "{phrase}: {t}");
    }
    pick(&mut sim, "menu");

    let first = pick(&mut sim, "legal");
    assert_eq!(sim.step_id().as_deref(), Some("legal"));
    assert!(
        first.contains("PERMENKES 24/2022 tentang Rekam Medis"),
        "{first}"
    );
    assert!(first.contains("31 Desember 2023 (Pasal 45)"), "{first}");
    let second = pick(&mut sim, "next");
    assert_eq!(sim.step_id().as_deref(), Some("legal_2"));
    assert!(second.contains("SNOMED CT, ICD-10, ICD-9CM"), "{second}");
    // The articles, exactly and in the seed's order.
    let all = format!("{first}\n{second}");
    let articles: Vec<&str> = all
        .lines()
        .filter_map(|l| {
            l.split_once("(Pasal ")
                .map(|(_, rest)| rest.strip_suffix(')').unwrap_or(rest))
        })
        .collect();
    assert_eq!(
        articles,
        [
            "3", "4", "45", "21", "24", "12", "10 (4)", "11", "28", "26(11)", "24"
        ]
    );
    pick(&mut sim, "finish");
    assert!(sim.state.active.is_none());
}

#[test]
fn a_help_request_creates_a_case_with_a_reference() {
    let mut sim = start();
    // Answers from the prerequisites travel with the case.
    pick(&mut sim, "prereq");
    for answer in ["ya", "ya", "ya", "ya", "ya", "belum"] {
        sim.say(answer);
    }
    pick(&mut sim, "menu");

    let t = pick(&mut sim, "help");
    assert_eq!(sim.step_id().as_deref(), Some("help"));
    for phrase in [
        "WhatsApp group",
        "Chat bantuan pada sistem",
        "0851-7324-7321",
        "tim customer success",
    ] {
        assert!(t.contains(phrase), "{phrase}: {t}");
    }
    let t = pick(&mut sim, "record");
    assert_eq!(sim.step_id().as_deref(), Some("help_describe"));
    assert!(
        t.contains("Jangan tulis kata sandi, Secret key, atau kode API"),
        "{t}"
    );

    // Too short and too long are refused, the question stays.
    sim.say("x");
    assert_eq!(sim.step_id().as_deref(), Some("help_describe"));
    sim.say(&"a ".repeat(600));
    assert_eq!(sim.step_id().as_deref(), Some("help_describe"));
    // A secret is not taken.
    sim.say("secret key: 8f2b9c1e7a55");
    assert_eq!(sim.step_id().as_deref(), Some("help_describe"));
    assert!(sim.cases().is_empty());

    // Restart before answering: still waiting for the description.
    sim.restart();
    let description = "Kode akses API belum dimasukkan ke aplikasi padahal sudah terverifikasi";
    let t = sim.say(description);
    let cases = sim.cases();
    assert_eq!(cases.len(), 1);
    let case = cases[0];
    assert_eq!(case.kind, CaseKind::HumanRequest);
    assert_eq!(case.queue, Queue::VendorIntegration);
    assert_eq!(case.summary, description);
    assert!(
        case.reference.starts_with("VND-261121-"),
        "{}",
        case.reference
    );
    assert!(
        t.contains(&format!("Nomor referensi: {}", case.reference)),
        "{t}"
    );
    assert!(
        case.fields
            .contains(&("Uraian masalah".to_string(), description.to_string())),
        "{:?}",
        case.fields
    );
    assert!(
        case.fields
            .iter()
            .any(|(k, v)| k.contains("kode fasilitas kesehatan") && v == "Belum"),
        "{:?}",
        case.fields
    );
    assert!(
        case.transcript
            .iter()
            .any(|l| format!("{l:?}").contains("Catat permintaan")),
        "{:?}",
        case.transcript
    );
    assert!(!format!("{:?}", case.transcript).contains("8f2b9c1e7a55"));
    assert_eq!(sim.step_id().as_deref(), Some("again"));
    pick(&mut sim, "finish");
    assert!(sim.state.active.is_none());
}

#[test]
fn help_in_english_and_back_to_the_menu() {
    let mut sim = start();
    sim.say("/bahasa en");
    let t = pick(&mut sim, "help");
    assert!(
        t.contains("Customer Success: 0851-7324-7321") && t.contains("the WhatsApp group provided"),
        "{t}"
    );
    pick(&mut sim, "record");
    sim.say("/kembali");
    assert_eq!(sim.step_id().as_deref(), Some("help"));
    pick(&mut sim, "menu");
    assert_eq!(sim.step_id().as_deref(), Some("menu"));
    pick(&mut sim, "help");
    pick(&mut sim, "record");
    let t = sim.say("Cannot find the help chat in the application");
    assert_eq!(sim.cases().len(), 1);
    assert!(t.contains("Reference number: VND-261121-"), "{t}");
}
