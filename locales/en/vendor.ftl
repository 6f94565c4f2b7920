## The Klinik Pintar vendor's SATUSEHAT integration support service (seed 001)

vendor-title = Klinik Pintar integration

vendor-menu =
    Klinik Pintar's SATUSEHAT integration extra support service (layanan extra support Integrasi SATUSEHAT) for its partners (clinics using the Klinik Pintar application). Klinik Pintar has passed the SATUSEHAT verification of the Ministry of Health as a Platform-as-a-service (PaaS) provider.
    What would you like to know?
vendor-opt-prereq = Check requirements
vendor-opt-flow = Service flow
vendor-opt-rights = Rights & duties
vendor-opt-legal = Legal basis
vendor-opt-help = Get help
vendor-opt-finish = Finish
vendor-opt-menu = Service menu
vendor-opt-yes = Yes
vendor-opt-no = Not yet
vendor-again = Back to the integration service menu, or finish?

vendor-ask-agreement = Has your clinic signed the work agreement on the use of the Klinik Pintar application & support services (“Perjanjian Pengguna Baru”, new user agreement)?
vendor-ask-quotation = Has your clinic signed the quotation for the SATUSEHAT integration extra support service?
vendor-ask-payment = Has your clinic paid for the SATUSEHAT integration extra support service?
vendor-ask-cooperate = Is your clinic willing to cooperate in the SATUSEHAT integration extra support service?
vendor-ask-user = Does your clinic have an account and is it registered as a user of the Klinik Pintar application, with at least 1 (one) training on using the application done?
vendor-ask-code = Does your clinic have a health facility code (kode fasilitas kesehatan)?
vendor-req-agreement = Signed new user agreement (Perjanjian Pengguna Baru)
vendor-req-quotation = Signed service quotation
vendor-req-payment = Payment for the service
vendor-req-cooperate = Willing to cooperate in the service
vendor-req-user = Klinik Pintar user account and at least 1 training
vendor-req-code = Health facility code
vendor-req-all-met = ✅ All six programme requirements are met. Your clinic qualifies for the SATUSEHAT integration extra support service.
vendor-req-missing =
    ⚠️ { $count } of { $total } requirements are not met yet:
    { $missing }
    The programme applies to partners that meet all the requirements.

vendor-tracker =
    The SATUSEHAT integration service flow:
    1. The partner fills in the SATUSEHAT integration service registration form
    2. The partner makes the payment
    3. Klinik Pintar confirms the data and sends the SATUSEHAT portal form
    4. Klinik Pintar registers the facility (registrasi fasyankes)
    5. Klinik Pintar creates an account on the SATUSEHAT portal
    6. Klinik Pintar registers the institution (registrasi institusi)
    7. Waiting for verification
    8. If the data is approved, the API access codes are issued
    9. Klinik Pintar enters the SATUSEHAT API access codes into the Klinik Pintar application
    Which step is done or under way?{ $last }
vendor-tracker-last = Last recorded: step { $current } ({ $label }).
vendor-step-1 = Registration form
vendor-step-2 = Payment
vendor-step-3 = Data confirmation
vendor-step-4 = Facility registration
vendor-step-5 = SATUSEHAT portal account
vendor-step-6 = Institution registration
vendor-step-7 = Awaiting verification
vendor-step-8 = API access codes
vendor-step-9 = API codes in the app
vendor-tracker-reply = 📍 Recorded: step { $current } of { $total } ({ $current_label }).
vendor-tracker-next =
    Next:
    { $detail }
vendor-step-detail-1 = Step 1: the partner fills in the SATUSEHAT integration service registration form.
vendor-step-detail-2 = Step 2: the partner makes the payment, for the amount in the quotation document sent by Klinik Pintar.
vendor-step-detail-3 = Step 3: Klinik Pintar confirms the data and sends the SATUSEHAT portal form. Prepare the documents (PDF files and/or others) as directed by the Klinik Pintar team.
vendor-step-detail-4 = Step 4: Klinik Pintar registers the facility (registrasi fasyankes).
vendor-step-detail-5 = Step 5: Klinik Pintar creates an account on the SATUSEHAT portal.
vendor-step-detail-6 = Step 6: Klinik Pintar registers the institution (registrasi institusi).
vendor-step-detail-7 = Step 7: waiting for verification.
vendor-step-detail-8 = Step 8: if the data is approved, the clinic gets the API access codes.
vendor-step-detail-9 = Step 9: Klinik Pintar enters the SATUSEHAT API access codes into the Klinik Pintar application.
vendor-tracker-done = This is the last step. Klinik Pintar will let you know that the SATUSEHAT integration with the Klinik Pintar application is complete and ready to use.

vendor-rights-vendor =
    Rights and duties — Klinik Pintar:
    1. Informs the partner of the SATUSEHAT integration process flow
    2. Registers the facility on the SATUSEHAT portal
    3. Creates the account on the SATUSEHAT portal
    4. Informs the partner that the SATUSEHAT integration with the Klinik Pintar application is complete and ready to use
vendor-rights-partner =
    Rights and duties — partner clinic:
    1. Works with Klinik Pintar to coordinate the SATUSEHAT integration with the Klinik Pintar application
    2. Pays the amount stated in the quotation document sent by Klinik Pintar
    3. Provides all documents needed for the SATUSEHAT integration (PDF files and/or others, as directed by the Klinik Pintar team)

vendor-legal-1 =
    Legal basis of the SATUSEHAT Platform (SSP): the updated PERMENKES 24/2022 on medical records (Rekam Medis), among others:
    1. Patients and referral facilities get medical record data (SATUSEHAT Platform)
    • Facilities must use electronic medical records, RME (Pasal 3)
    • Including telemedicine services by facilities (Pasal 4)
    • RME to be implemented by 31 December 2023 at the latest (Pasal 45)
    2. RME systems in facilities must be integrated with the Ministry of Health (SATUSEHAT Platform)
    • RME connected to SATUSEHAT (Pasal 21)
    • Referral RME transferred through SATUSEHAT (Pasal 24)
    • RME systems must be registered with the Ministry of Health (Pasal 12)
vendor-legal-2 =
    3. Data and system standards follow the Ministry of Health (standardisation: SNOMED CT, ICD-10, ICD-9CM, etc.)
    • Interoperability standards follow the Ministry's standards (Pasal 10 (4))
    • Variables and metadata follow those set by the Ministry (Pasal 11)
    4. Data processing to carry out health policy (Research & Policy)
    • Access to medical records by the Ministry to process health data for health policy (Pasal 28)
    5. Patients and referral facilities get medical record data (SATUSEHAT Mobile)
    • Patients or their families receive the RME after care, in various forms (Pasal 26(11))
    • Facilities receiving a referral get the RME (Pasal 24)

vendor-help =
    If you have difficulties or problems with the SATUSEHAT registration and integration with the Klinik Pintar application, contact Klinik Pintar through:
    • the WhatsApp group provided
    • the help chat in the system (Klinik Pintar application)
    • Customer Success: 0851-7324-7321

    pandu can also record a help request for the customer-success team.
vendor-opt-record = Record a request
vendor-help-describe =
    Describe your problem in one message (at most 1000 characters): what you are doing, at which step, and what message appears.
    🔒 Do not write passwords, the Secret key or API codes.
vendor-field-help-description = Problem description
vendor-help-submitted =
    ✅ Your help request has been recorded for the customer-success team.
    Reference number: { $reference }
    Keep this number; type /status to see its status.
