kyc-title = SATUSEHAT Mobile verification (KYC) failed
kyc-what-seen =
    When confirming the data validation of a SATUSEHAT Mobile user verification, what did you see?
    • A pop-up "Verifikasi profil belum berhasil" with a [Coba Lagi] (try again) button means the KYC failed: the process did not complete because of network, server or other system problems.
    • A result saying the patient's identity does not match means the KYC is invalid: the process worked, but the identity did not match.
kyc-opt-failed = "Belum berhasil" pop-up
kyc-opt-invalid = Identity did not match
kyc-opt-unsure = I am not sure
kyc-explain =
    A failed KYC is not the same as an invalid KYC.
    • Invalid: the KYC process worked, but the patient's identity did not match.
    • Failed: the KYC process did not complete because of network, server or other system problems. The sign is the pop-up "Verifikasi profil belum berhasil" with a [Coba Lagi] button.
    Next I will ask again what you saw.
kyc-invalid =
    An invalid KYC means the KYC process worked, but the patient's identity did not match. This is not a system fault: the [Coba Lagi] steps and the complaint of the "failed" guide are for a failed KYC only.
    If you need help, type /human.
kyc-opt-complaint = Prepare a complaint
kyc-opt-done = Done
kyc-tries = How many times have you pressed [Coba Lagi] since the "Verifikasi profil belum berhasil" pop-up? At most 3 tries are allowed.
kyc-opt-tries-0 = Not yet
kyc-opt-tries-1 = Once
kyc-opt-tries-2 = Twice
kyc-opt-tries-3 = 3 times
kyc-opt-tries-4 = 4 times / pop-up shown
kyc-retry = Press [Coba Lagi] now — try { $attempt } of { $max }. Did the verification succeed?
kyc-retry-fourth =
    You have pressed [Coba Lagi] 3 times, the maximum. Press [Coba Lagi] once more: if this fourth try also fails, a pop-up offers to restart the verification from the beginning or to contact the Helpdesk.
    What happened?
kyc-opt-popup = Failed, pop-up shown
kyc-opt-retry-ok = It worked
kyc-opt-retry-fail = Still failing
kyc-success = The verification succeeded. No complaint is needed.
kyc-limit =
    The fourth [Coba Lagi] failed too, so a pop-up offers two choices:
    • [Ulangi Proses Verifikasi] — restart the verification from the beginning with a new access code
    • Contact the Helpdesk — report the problem to the SATUSEHAT team
    Which do you want to do?
kyc-opt-restart = Restart verification
kyc-restart =
    How to restart the verification:
    1. Click [Ulangi Proses Verifikasi] in the pop-up.
    2. The patient/user creates a new code (Kode Baru) in the SATUSEHAT Mobile app.
    3. The facility enters that new access code and starts the verification again from the beginning.
    The access code is entered in the portal only — do not send it to pandu.
    Did the verification succeed?
kyc-opt-restart-fail = Failed, complain
kyc-ask-reporter-name =
    Let's prepare a complaint for the SATUSEHAT Helpdesk. I will ask for the data one item at a time; you can correct everything before sending.
    What is the reporter's name (your name)?
kyc-ask-reporter-email = The reporter's active email address (for contact or follow-up)?
kyc-ask-reporter-phone = The reporter's active phone number?
kyc-ask-patient-name = Name of the patient whose verification failed?
kyc-ask-patient-nik = The patient's NIK (16 digits, as on the ID card)?
kyc-ask-patient-email = The patient's email address?
kyc-ask-shot-portal = Send a screenshot of the KYC Portal web success page, as an image.
kyc-ask-shot-profile = Send a screenshot of the user's SATUSEHAT Mobile (SSM) profile, as an image.
kyc-field-reporter-name = Reporter's name
kyc-field-reporter-email = Reporter's email
kyc-field-reporter-phone = Reporter's phone
kyc-field-patient-name = Patient's name
kyc-field-patient-nik = Patient's NIK
kyc-field-patient-email = Patient's email
kyc-field-shot-portal = KYC Portal screenshot
kyc-field-shot-profile = SSM profile screenshot
kyc-review = Check the complaint. Choose "Send complaint" if everything is right, or choose what to change:
kyc-opt-submit = Send complaint
kyc-complaint-text =
    Nama pelapor: { $reporter_name }
    Email: { $reporter_email }
    Nomor telepon: { $reporter_phone }
    Kategori: Verifikasi Profil (KYC)
    Kebutuhan: Lainnya
    Pesan:
    Verifikasi profil (KYC) pasien berikut di SATUSEHAT Mobile gagal.
    Nama pasien: { $patient_name }
    NIK pasien: { $patient_nik }
    Email pasien: { $patient_email }
    Terlampir tangkapan layar halaman sukses web Portal KYC dan Profil SSM pengguna.
    Nomor referensi pandu: { $reference }
kyc-submitted =
    Your complaint was recorded with reference number { $reference } and passed to the helpdesk team.
    For the official form: open satusehat.kemkes.go.id/mobile/contact-us, fill in the name, email and phone number, choose category "Verifikasi Profil (KYC)" and need "Lainnya", paste the text above into the message field, and attach both screenshots. (The text above is in Indonesian, the language of the official form.)
