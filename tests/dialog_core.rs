//! Behaviour shared by every procedure: menu, commands, free text, stale buttons, secrets.

mod common;

use common::{Sim, kyc_complaint_form};
use pandu::dialog::Event;

#[test]
fn first_message_greets_in_indonesian_with_the_menu() {
    let mut sim = Sim::new();
    let t = sim.event(Event::Resume);
    assert!(t.contains("Halo! Saya pandu"), "{t}");
    assert!(t.contains("Menu utama"), "{t}");
    assert!(
        sim.options()
            .iter()
            .any(|o| o.contains("Bicara dengan petugas"))
    );
    assert!(sim.options().iter().any(|o| o.contains("KYC")));
}

#[test]
fn free_text_leads_to_procedures_and_facts() {
    let mut sim = Sim::new();
    let t = sim.say("kenapa KYC saya gagal");
    assert_eq!(sim.step_id().as_deref(), Some("what_seen"), "{t}");
    // A question in the middle of a step is answered and the step asked again.
    let t = sim.say("berapa ukuran maksimal file?");
    assert!(t.contains("2 MB"), "{t}");
    assert_eq!(sim.step_id().as_deref(), Some("what_seen"));
    let mut sim = Sim::new();
    let t = sim.say("berapa ukuran maksimal file");
    assert!(t.contains("PDF") && t.contains("2 MB"), "{t}");
    let t = sim.say("qwerty asdf");
    assert!(t.contains("belum memahami"), "{t}");
    assert!(
        sim.options().iter().any(|o| o.contains("petugas")),
        "a human is offered"
    );
}

#[test]
fn stale_buttons_are_refused_politely() {
    let mut sim = Sim::new();
    sim.say("/kyc");
    let old_key = sim.option_key("tidak yakin");
    sim.press("Pop-up");
    let t = sim.event(Event::Choice { key: old_key });
    assert!(t.contains("sudah selesai"), "{t}");
    assert_eq!(sim.step_id().as_deref(), Some("tries"), "nothing happened");
    let t = sim.event(Event::Choice {
        key: "garbage".into(),
    });
    assert!(t.contains("sudah selesai"), "{t}");
}

#[test]
fn pasted_secrets_are_not_kept() {
    let mut sim = Sim::new();
    sim.say("/kyc");
    let t = sim.say("password: Sehat2024");
    assert!(t.contains("TIDAK saya simpan"), "{t}");
    let stored = serde_json::to_string(&sim.state).unwrap();
    assert!(
        !stored.contains("Sehat2024"),
        "the secret is nowhere in the state"
    );
}

#[test]
fn language_menu_and_help() {
    let mut sim = Sim::new();
    sim.say("/bahasa");
    let t = sim.press("English");
    assert!(t.contains("Language switched to English"), "{t}");
    let t = sim.say("/help");
    assert!(t.contains("/kembali"), "{t}");
    let t = sim.say("/bahasa id");
    assert!(t.contains("Bahasa diganti"), "{t}");
    let t = sim.say("/tidakada");
    assert!(t.contains("tidak dikenal"), "{t}");
}

#[test]
fn menu_over_a_flow_can_continue_it() {
    let mut sim = Sim::new();
    sim.say("/kyc");
    sim.press("Pop-up");
    sim.say("/menu");
    let t = sim.press("Lanjutkan");
    assert_eq!(sim.step_id().as_deref(), Some("tries"), "{t}");
    let t = sim.say("/status");
    assert!(t.contains("Sedang berjalan"), "{t}");
    assert!(t.contains("belum punya kasus"), "{t}");
}

#[test]
fn odd_input_never_panics() {
    let mut sim = Sim::new();
    for input in [
        "",
        " ",
        "0",
        "-1",
        "99999999999999999999",
        "/",
        "//",
        "🙂",
        "\u{0}",
        &"x".repeat(10_000),
        "/start nosuchflow",
    ] {
        sim.say(input);
        assert!(!sim.last.is_empty());
    }
    sim.say("/kyc");
    for input in ["", "0", "99", "🙂", &"y".repeat(5000)] {
        sim.say(input);
        assert_eq!(sim.step_id().as_deref(), Some("what_seen"));
    }
}

#[test]
fn leaving_a_half_filled_form_for_another_procedure_asks_first() {
    let mut sim = Sim::new();
    kyc_complaint_form(&mut sim);
    sim.say("Budi Santoso");
    // Menu numbers stay the same with a procedure paused: 1 is still the first procedure.
    sim.say("/menu");
    let first = sim.options()[0].clone();
    assert!(!first.contains("Lanjutkan"), "{first}");
    assert!(sim.options().last().is_some_and(|o| o != "Lanjutkan"));
    assert!(sim.options().iter().any(|o| o.starts_with("Lanjutkan:")));
    let t = sim.say("1");
    assert!(t.contains("isian yang belum selesai akan dihapus"), "{t}");
    let t = sim.press("Tidak, lanjutkan");
    assert!(t.contains("Tidak ada yang dihapus"), "{t}");
    assert_eq!(sim.step_id().as_deref(), Some("reporter_email"));
    assert!(
        sim.state
            .active
            .as_ref()
            .unwrap()
            .data
            .contains_key("reporter_name")
    );
    // Typed free text that names another procedure asks too.
    sim.say("/menu");
    sim.say("keluarga sehat");
    let t = sim.press("Ya, buka");
    assert!(t.contains("tidak disimpan"), "{t}");
    assert_eq!(sim.state.active.as_ref().unwrap().flow, "keluarga_sehat");
}

#[test]
fn a_question_typed_where_an_answer_is_expected_is_not_stored() {
    let mut sim = Sim::new();
    kyc_complaint_form(&mut sim);
    assert_eq!(sim.step_id().as_deref(), Some("reporter_name"));
    let t = sim.say("berapa ukuran maksimal file");
    assert!(t.contains("2 MB"), "{t}");
    let t = sim.say("bagaimana daftar akun keluarga sehat?");
    assert!(t.contains("Keluarga Sehat") && t.contains("/menu"), "{t}");
    assert_eq!(sim.step_id().as_deref(), Some("reporter_name"));
    assert!(
        !sim.state
            .active
            .as_ref()
            .unwrap()
            .data
            .contains_key("reporter_name"),
        "nothing stored"
    );
    // An ordinary name goes through.
    sim.say("Budi Santoso");
    assert_eq!(sim.step_id().as_deref(), Some("reporter_email"));
}

#[test]
fn small_talk_and_a_single_option() {
    let mut sim = Sim::new();
    let t = sim.say("halo");
    assert!(t.contains("Silakan pilih dari menu"), "{t}");
    let t = sim.say("terima kasih");
    assert!(t.contains("Sama-sama"), "{t}");
    sim.say("/kyc");
    sim.press("Identitas tidak cocok");
    let t = sim.say("hmm");
    assert!(t.contains("ketik 1"), "{t}");
    assert!(!t.contains("1–1"), "{t}");
}

/// Walks a new user to the KYC complaint form's first question, which is preceded by the
/// personal-data notice; returns the notice.
fn to_the_notice(sim: &mut Sim) -> String {
    sim.say("/kyc");
    sim.press("Pop-up belum berhasil");
    sim.press("4 kali");
    sim.press("aduan")
}

#[test]
fn the_personal_data_notice_comes_before_the_first_personal_question_and_is_recorded() {
    let mut sim = Sim::first_time();
    let t = to_the_notice(&mut sim);
    for part in [
        "meminta data pribadi",
        "Yang dicatat",
        "Untuk apa",
        "Berapa lama",
        "dihapus 30 hari setelah",
        "setelah 365 hari",
        "dienkripsi",
        "Siapa yang melihat",
        "nomor telepon, dan email mereka lihat tersamar",
        "/datasaya",
        "/hapusdata",
    ] {
        assert!(t.contains(part), "{part}: {t}");
    }
    assert!(!t.contains("nama pelapor"), "{t}");
    assert_eq!(sim.options(), vec!["Setuju", "Tidak setuju"]);
    // A name typed instead is not taken (and the notice stays).
    let t = sim.say("Budi Santoso");
    assert!(t.contains("bukan salah satu pilihan"), "{t}");
    assert!(sim.state.consent.is_none());
    let t = sim.press("Setuju");
    assert!(t.contains("nama pelapor"), "{t}");
    let c = sim.state.consent.clone().expect("recorded");
    assert!(c.agreed);
    assert_eq!(c.at, sim.now);
    assert_eq!(c.version, pandu::dialog::state::CONSENT_VERSION);
    // Asked once: another procedure with personal data goes straight to its questions.
    sim.say("/batal");
    sim.press("Ya, batalkan");
    sim.say("/klinik");
    sim.press("Siapkan form user");
    let t = sim.press("Lanjut");
    assert!(!t.contains("meminta data pribadi"), "{t}");
    // It survives a restart.
    sim.restart();
    assert!(sim.state.consent.as_ref().is_some_and(|c| c.agreed));
}

#[test]
fn declining_asks_nothing_personal_and_offers_the_guides_and_a_person() {
    let mut sim = Sim::first_time();
    to_the_notice(&mut sim);
    let t = sim.press("Tidak setuju");
    assert!(t.contains("tidak ada data pribadi yang diminta"), "{t}");
    assert!(t.contains("/petugas"), "{t}");
    assert!(t.contains("Menu utama"), "{t}");
    assert!(sim.state.active.is_none(), "the procedure stopped");
    let c = sim.state.consent.clone().expect("the refusal is recorded");
    assert!(!c.agreed);
    // The guides need no personal data: the portal guide goes on without the notice.
    let t = sim.say("/satusehat");
    assert!(!t.contains("meminta data pribadi"), "{t}");
    // Trying the complaint again asks again; agreeing now is recorded.
    sim.say("/batal");
    let t = to_the_notice(&mut sim);
    assert!(t.contains("meminta data pribadi"), "{t}");
    sim.press("Setuju");
    assert!(sim.state.consent.as_ref().is_some_and(|c| c.agreed));
}

#[test]
fn erasing_ones_data_forgets_the_consent_too() {
    let mut sim = Sim::first_time();
    to_the_notice(&mut sim);
    sim.press("Setuju");
    sim.say("/hapusdata");
    sim.press("Ya, hapus data saya");
    assert!(sim.state.consent.is_none());
    let t = to_the_notice(&mut sim);
    assert!(t.contains("meminta data pribadi"), "{t}");
}

#[test]
fn the_notice_states_the_configured_retention() {
    let mut defs = pandu::dialog::Defs::load().unwrap();
    defs.retention = pandu::retention::Policy {
        identifiers_after: chrono::Duration::days(14),
        anonymise_after: chrono::Duration::days(180),
    };
    let mut sim = Sim::first_time();
    sim.defs = std::sync::Arc::new(defs);
    let t = to_the_notice(&mut sim);
    assert!(
        t.contains("dihapus 14 hari setelah") && t.contains("setelah 180 hari"),
        "{t}"
    );
}
