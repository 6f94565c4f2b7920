fact-file-size =
    Documents for clinic registration in the Registrasi Fasyankes application are uploaded as PDF files of at most 2 MB each:
    • The clinic registration request letter to the Sesditjen Pelayanan Kesehatan, signed by the head of the clinic
    • The clinic's operating licence (Surat Izin Operasional)
    • Proof of foreign investment (only for foreign-owned clinics, PMA)
fact-password-rule =
    SATUSEHAT account password rule: at least 8 characters, including an uppercase letter (A-Z), a lowercase letter (a-z) and a digit (0-9). The confirmation must match.
    Never send your password to pandu or anyone else.
fact-activation-email =
    After pressing "Buat akun", look for the email from the Ministry of Health (Kementerian Kesehatan RI) with the SATUSEHAT account activation. If the "Aktifkan akun" button fails, copy the activation URL below it and open it in your browser.
    For the Registrasi Fasyankes application: the activation link is emailed to you after the Dinkes Kab/Kota verifies you; if it is not in your inbox, check the spam folder.
fact-api-codes =
    Once the institution is verified, the "Akses kode API" menu of the SATUSEHAT portal shows the Organization ID, Client key and Secret key for the selected environment (for example production).
    These codes go to your facility's RME vendor for bridging to SATUSEHAT — do not send them to pandu or anyone else.
fact-kyc-failed-vs-invalid =
    A failed KYC is not the same as an invalid KYC:
    • Invalid ("tidak valid"): the KYC process worked, but the patient's identity did not match.
    • Failed ("gagal"): the process did not complete because of network, server or other system problems.
fact-kyc-retry-limit = When verification fails, a pop-up "Verifikasi profil belum berhasil" offers a [Coba Lagi] (try again) button. At most 3 tries are allowed. If the fourth [Coba Lagi] also fails, a pop-up offers [Ulangi Proses Verifikasi] (restart the verification from the beginning) or contacting the Helpdesk.
fact-kyc-complaint-form =
    Verification complaints go through the form at satusehat.kemkes.go.id/mobile/contact-us, with:
    1. The reporter's name
    2. An active email and phone number
    3. Category "Verifikasi Profil (KYC)"
    4. Need "Lainnya"
    5. A message with the name, NIK and email of the patient whose verification failed
    6. Attachments: screenshots of the KYC Portal web success page and of the user's SSM profile
    I can help you prepare it: choose the SATUSEHAT Mobile verification procedure in the menu.
fact-clinic-validator =
    Clinic registration is validated according to ownership:
    • Government (Pemerintah): the Dinkes Kab/Kota of the clinic's own regency/city
    • Domestic investment (PMDN): the Dinkes Kab/Kota of the clinic's own regency/city
    • Foreign investment (PMA): the Ministry of Health (Kemenkes)
    User registration is validated by the Dinkes Kab/Kota of the same regency/city (not across regions).
fact-institution-docs =
    Supporting documents for "Registrasi Institusi" in the SATUSEHAT portal:
    1. Operating licence (Surat Izin Operasional)
    2. Integrity pact (Pakta Integritas) signed by the head of the facility
    3. Power of attorney/assignment letter (Surat Kuasa/Tugas) for the PIC
    4. Cooperation agreement (MOU) with the RME vendor
fact-data-locked =
    • SATUSEHAT portal: a final validation form comes before the data is sent; after that the data can no longer be changed.
    • Registrasi Fasyankes: data that has been sent ("Kirim") cannot be edited. If the validation asks for corrections, they are made in the Registrasi Fasyankes application.
fact-legal-basis =
    Legal basis of SATUSEHAT integration: PERMENKES 24/2022 on Medical Records, including:
    • Facilities must use electronic medical records (RME) (Article 3), including telemedicine (Article 4), by 31 December 2023 at the latest (Article 45)
    • RME connected to SATUSEHAT (Article 21), referral transfer through SATUSEHAT (Article 24), RME systems registered with the Ministry (Article 12)
    • Interoperability standards (Article 10(4)), variables and metadata (Article 11)
    • Ministry access for health policy (Article 28); patients receive their records (Article 26(11))
fact-vendor-contact = For problems with SATUSEHAT registration and integration with the Klinik Pintar application: use the WhatsApp group provided, the help chat in the system, or Klinik Pintar Customer Success at 0851-7324-7321.
fact-ks-email = The Keluarga Sehat account request letter with the list of candidates goes to Pusdatin, Ministry of Health (Jl. HR. Rasuna Said Blok X-5 Kav 4-9, Jakarta Selatan 12950, 6th floor, room 614) or by email to keluargasehat@kemkes.go.id, with a copy first to the provincial health office (Dinas Kesehatan Provinsi) as a report.
fact-ks-contacts =
    Keluarga Sehat application contacts:
    1. Munaryo — 08128348722
    2. Wiwid — 081281382992
    3. Dewi Roro — 081386242105
    4. Ismail — 081808252390
    5. Diah Puspita — 081310241210
    6. Tatik — 085642646756
    7. Margiyono — 081382838445
    8. Amnur — 0815100805060
fact-ks-roster-size = For each puskesmas, the Dinkes Kab/Kota proposes: 1 puskesmas administrator, 1 supervisor (field data-collection coordinator), 10 surveyors (field data collectors) and the head of the puskesmas.
chat-hello = Hello! Choose from the menu below, or type your question.
chat-thanks = You are welcome! Type /menu any time you need help again.
