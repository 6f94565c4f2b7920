//! The SATUSEHAT Mobile KYC failure procedure (seed 003), walked through the pure core.

mod common;

use common::{Sim, kyc_complaint_form};
use pandu::dialog::model::{CaseKind, FileType, Queue};

#[test]
fn failed_and_invalid_are_told_apart() {
    let mut sim = Sim::new();
    sim.say("/kyc");
    let t = sim.press("tidak yakin");
    assert!(t.contains("tidak sama dengan KYC tidak valid"), "{t}");
    sim.press("Lanjut");
    assert_eq!(sim.step_id().as_deref(), Some("what_seen"));
    let t = sim.press("Identitas tidak cocok");
    assert!(t.contains("identitas pasien tidak cocok"), "{t}");
    assert!(
        !sim.options().iter().any(|o| o.contains("Coba Lagi")),
        "no retry advice for an invalid KYC"
    );
    sim.press("Selesai");
    assert!(sim.state.active.is_none());
}

#[test]
fn tries_are_counted_up_to_the_limit_of_three() {
    let mut sim = Sim::new();
    sim.say("/kyc");
    sim.press("Pop-up");
    let t = sim.press("Belum pernah");
    assert!(t.contains("percobaan ke-1 dari 3"), "{t}");
    let t = sim.press("Masih gagal");
    assert!(t.contains("percobaan ke-2 dari 3"), "{t}");
    let t = sim.say("2");
    assert!(t.contains("percobaan ke-3 dari 3"), "{t}");
    // Three tries are the limit; the fourth press is the one whose failure brings the pop-up.
    let t = sim.say("masih gagal");
    assert!(t.contains("sudah 3 kali menekan [Coba Lagi]"), "{t}");
    assert_eq!(sim.step_id().as_deref(), Some("retry_fourth"));
    let t = sim.press("muncul pop-up");
    assert!(t.contains("[Coba Lagi] keempat juga gagal"), "{t}");
    assert_eq!(sim.step_id().as_deref(), Some("limit"));
    let t = sim.press("Ulangi Proses Verifikasi");
    assert!(t.contains("Kode Baru"), "{t}");
    assert!(t.contains("kode akses baru"), "{t}");
    let t = sim.press("Berhasil");
    assert!(t.contains("Verifikasi berhasil"), "{t}");
    sim.press("Lanjut");
    assert!(sim.state.active.is_none(), "finished");
    assert!(sim.cases().is_empty(), "no case when it worked");
}

#[test]
fn success_on_a_retry_ends_without_a_complaint() {
    let mut sim = Sim::new();
    sim.say("/kyc");
    sim.press("Pop-up");
    sim.press("2 kali");
    let t = sim.press("Berhasil");
    assert!(t.contains("Tidak perlu aduan"), "{t}");
}

#[test]
fn complaint_form_validates_each_field_and_keeps_what_was_entered() {
    let mut sim = Sim::new();
    kyc_complaint_form(&mut sim);
    let t = sim.say("Budi 123");
    assert!(t.contains("tidak boleh berisi angka"), "{t}");
    sim.say("Budi Santoso");
    let t = sim.say("budi@puskesmas");
    assert!(t.contains("domain"), "{t}");
    assert_eq!(sim.step_id().as_deref(), Some("reporter_email"));
    sim.say("budi@puskesmas.example.id");
    let t = sim.say("12345");
    assert!(
        t.contains("terlalu pendek") || t.contains("bukan nomor"),
        "{t}"
    );
    sim.say("+62 812-3456-7890");
    sim.say("Siti Aminah");
    // NIK: each wrong part is named.
    let t = sim.say("3374 0117 0890 001");
    assert!(t.contains("16 digit, yang Anda ketik 15"), "{t}");
    let t = sim.say("3374011713900001");
    assert!(t.contains("bulan lahir"), "{t}");
    let t = sim.say("3374013102000001");
    assert!(t.contains("tidak ada di kalender"), "{t}");
    let t = sim.say("9974011708900001");
    assert!(t.contains("kode provinsi"), "{t}");
    let t = sim.say("3374011708900000");
    assert!(t.contains("0000"), "{t}");
    let data = &sim.state.active.as_ref().unwrap().data;
    assert_eq!(
        data["reporter_name"].as_text(),
        Some("Budi Santoso"),
        "nothing lost"
    );
    assert_eq!(data["reporter_phone"].as_text(), Some("+6281234567890"));
    // A leap day in 2000 is a real date.
    sim.say("3374012902000001");
    assert_eq!(sim.step_id().as_deref(), Some("patient_email"));
}

#[test]
fn full_complaint_with_screenshots_correction_and_case() {
    let mut sim = Sim::new();
    kyc_complaint_form(&mut sim);
    sim.say("Budi Santoso");
    sim.say("budi@puskesmas.example.id");
    sim.say("0812-3456-7890");
    sim.say("Siti Aminah");
    sim.say("3374015708900002");
    sim.say("siti@example.id");
    // Screenshots must be images.
    let t = sim.file("surat.pdf", 20_000, FileType::Pdf);
    assert!(t.contains("bukan gambar"), "{t}");
    assert_eq!(sim.step_id().as_deref(), Some("shot_portal"));
    let t = sim.say("sudah saya kirim");
    assert!(t.contains("menunggu file"), "{t}");
    sim.file("portal.png", 80_000, FileType::Png);
    let t = sim.file("profil.jpg", 60_000, FileType::Jpeg);
    assert!(t.contains("Periksa data aduan"), "{t}");
    assert!(t.contains("3374015708900002"), "{t}");
    // Correct one field from the summary: back to the summary right after.
    sim.press("Ubah NIK pasien");
    assert_eq!(sim.step_id().as_deref(), Some("patient_nik"));
    let t = sim.say("3374011708900001");
    assert_eq!(sim.step_id().as_deref(), Some("review"), "{t}");
    assert!(t.contains("3374011708900001"));
    let t = sim.press("Kirim aduan");
    assert!(t.contains("Kategori: Verifikasi Profil (KYC)"), "{t}");
    assert!(t.contains("Kebutuhan: Lainnya"), "{t}");
    assert!(t.contains("NIK pasien: 3374011708900001"), "{t}");
    assert!(
        t.contains("satusehat.kemkes.go.id/mobile/contact-us"),
        "{t}"
    );
    let cases = sim.cases();
    assert_eq!(cases.len(), 1);
    let case = cases[0];
    assert_eq!(case.queue, Queue::Kyc);
    assert_eq!(case.kind, CaseKind::Complaint);
    assert!(t.contains(&case.reference));
    assert_eq!(case.attachments.len(), 2);
    assert!(
        case.fields
            .iter()
            .any(|(k, v)| k == "Email pasien" && v == "siti@example.id")
    );
    assert!(sim.state.active.is_none());
}

#[test]
fn back_cancel_language_and_restart_mid_form() {
    let mut sim = Sim::new();
    kyc_complaint_form(&mut sim);
    sim.say("Budi Santoso");
    sim.say("budi@puskesmas.example.id");
    // /kembali goes one step back, keeping the answer.
    let t = sim.say("/kembali");
    assert_eq!(sim.step_id().as_deref(), Some("reporter_email"), "{t}");
    assert!(
        sim.state
            .active
            .as_ref()
            .unwrap()
            .data
            .contains_key("reporter_email")
    );
    sim.say("budi@puskesmas.example.id");
    // Switch language mid-form: the same step, now in English.
    let t = sim.say("/bahasa en");
    assert!(t.contains("Language switched to English"), "{t}");
    assert!(t.contains("reporter's active phone number"), "{t}");
    // Restart: same step, same answers.
    sim.restart();
    let t = sim.say("0812 3456 7890");
    assert!(t.contains("Name of the patient"), "{t}");
    // /batal asks first, because answers would be lost; "no" keeps everything.
    let t = sim.say("/batal");
    assert!(t.contains("Cancel this procedure?"), "{t}");
    sim.press("No, continue");
    assert_eq!(sim.step_id().as_deref(), Some("patient_name"));
    sim.say("/cancel");
    let t = sim.press("Yes, cancel");
    assert!(t.contains("was cancelled"), "{t}");
    assert!(sim.state.active.is_none());
    assert!(t.contains("Main menu"), "{t}");
}
