//! A citizen finishes online what they start. Filing forgives: a file that passed is kept when
//! the form comes back with errors, and a document listed "(nếu có)" is not required. A
//! supplement is brought online: the page shows what form 02 asks for, the officer's guidance
//! and the return date the restarted clock would give; the applicant uploads one file per
//! item; the desk sees who brought it; nobody else can.

use motcua_domain::ids::DossierId;
use motcua_store::dossiers;
use reqwest::multipart::{Form, Part};

use crate::desk_pages::{MARRIAGE, PDF, PNG, act, intake_form, page, scene, version_in};
use crate::helpers::*;
use motcua_test_support::backend_test;

const ITEM: &str = "Giấy xác nhận tình trạng hôn nhân";
const GUIDANCE: &str = "Chụp rõ cả hai mặt, có dấu đỏ";

/// The citizen's form for the supplement: `files` are (field, name, content type, bytes).
fn supplement_form(csrf: &str, version: &str, files: Vec<(&str, &str, &str, Vec<u8>)>) -> Form {
    let mut form = Form::new()
        .text("csrf_token", csrf.to_owned())
        .text("action", "resubmit")
        .text("version", version.to_owned());
    for (field, name, ct, bytes) in files {
        let part = Part::bytes(bytes)
            .file_name(name.to_owned())
            .mime_str(ct)
            .expect("mime");
        form = form.part(field.to_owned(), part);
    }
    form
}

async fn send(app: &TestApp, client: &reqwest::Client, id: &str, form: Form) -> (u16, String) {
    let r = client
        .post(app.url(&format!("/mot-cua/ho-so/{id}/thao-tac")))
        .multipart(form)
        .send()
        .await
        .expect("POST supplement");
    let status = r.status().as_u16();
    (status, r.text().await.expect("body"))
}

backend_test! {
    async fn a_citizen_sees_what_is_missing_uploads_it_online_and_the_clock_restarts(backend: Backend) {
        // Arrange: a citizen files online; the desk asks for one document, with guidance.
        let s = scene(backend).await;
        let citizen = new_client();
        let csrf = s.app.login(&citizen, "cong.dan").await;
        let ward = s.ward.to_string();
        let filed = citizen.post(s.app.url("/mot-cua/nop-truc-tuyen")).multipart(intake_form(&csrf, &[("unit_id", &ward), ("channel", "online")], vec![
            ("file_0", "to-khai.pdf", "application/pdf", PDF.to_vec()),
            ("file_1", "can-cuoc.png", "image/png", PNG.to_vec()),
        ])).send().await.unwrap();
        assert_eq!(filed.status(), 303, "{}", filed.text().await.unwrap_or_default());
        let d = dossiers::list(&s.app.db, &dossiers::DossierFilter::default()).await.unwrap().remove(0);
        let id = d.id.to_string();
        let desk = new_client();
        let desk_csrf = s.app.login(&desk, "mot.cua").await;
        let (_, html) = page(&s.app, &desk, &format!("/mot-cua/ho-so/{id}")).await;
        let items = format!("{ITEM}: bản chụp mờ, không đọc được");
        let r = act(&s.app, &desk, &desk_csrf, &id, &[("action", "request_supplement"), ("version", &version_in(&html)), ("items_text", &items), ("note", GUIDANCE)]).await;
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());

        // The citizen's page says what is missing, the guidance and the date if sent now.
        let (status, own) = page(&s.app, &citizen, &format!("/mot-cua/ho-so/{id}")).await;
        assert_eq!(status, 200);
        assert!(own.contains(r#"id="supplement-ask""#), "{own}");
        assert!(own.contains(ITEM) && own.contains("bản chụp mờ, không đọc được"));
        assert!(own.contains(GUIDANCE));
        assert!(own.contains(r#"id="supplement-due-if-now""#), "a return date for a supplement sent now");
        assert!(own.contains("tính lại từ đầu"), "the restart rule in force is named");
        assert!(own.contains(r#"name="item_0""#), "one file input per item");
        assert!(own.contains(r#"id="form-resubmit""#));
        for officer_only in ["form-refuse", "form-stop", "form-hand_over"] {
            assert!(!own.contains(officer_only), "{officer_only} is not the applicant's");
        }
        let version = version_in(&own);

        // Act 1: nothing chosen, then a text file dressed as a PDF: both refused, nothing changes.
        let (status, empty) = send(&s.app, &citizen, &id, supplement_form(&csrf, &version, vec![])).await;
        assert_eq!(status, 422);
        assert!(empty.contains("Hãy chọn tệp cho giấy tờ cần bổ sung"), "{empty}");
        let (status, fake) = send(&s.app, &citizen, &id, supplement_form(&csrf, &version, vec![
            ("item_0", "xac-nhan.pdf", "application/pdf", b"not a pdf at all".to_vec()),
        ])).await;
        assert_eq!(status, 422, "{fake}");
        let still = dossiers::get(&s.app.db, DossierId::parse(&id).unwrap()).await.unwrap();
        assert_eq!((still.status.code(), still.version), ("awaiting_supplement", d.version + 1));

        // Act 2: another citizen and an officer's action are refused.
        let other = new_client();
        let other_csrf = s.app.login(&other, "cong.dan.khac").await;
        let (status, _) = send(&s.app, &other, &id, supplement_form(&other_csrf, &version, vec![
            ("item_0", "xac-nhan.pdf", "application/pdf", PDF.to_vec()),
        ])).await;
        assert_eq!(status, 404, "another citizen may not know the dossier exists");
        let r = act(&s.app, &citizen, &csrf, &id, &[("action", "stop"), ("version", &version), ("reason", "thôi")]).await;
        assert_eq!(r.status(), 403, "the applicant takes no officer action");

        // Act 3: the item's file.
        let (status, body) = send(&s.app, &citizen, &id, supplement_form(&csrf, &version, vec![
            ("item_0", "xac-nhan.pdf", "application/pdf", PDF.to_vec()),
        ])).await;

        // Assert: received again, the clock counted again from the resubmission, the file
        // named after the item, the desk told who brought it, the applicant notified.
        assert_eq!(status, 303, "{body}");
        let after = dossiers::get(&s.app.db, DossierId::parse(&id).unwrap()).await.unwrap();
        assert_eq!(after.status.code(), "received");
        let back = after.resubmitted_at.expect("resubmitted");
        assert!(after.due_at.expect("a due date again") > back);
        let docs = dossiers::documents(&s.app.db, after.id).await.unwrap();
        let added = docs.iter().find(|x| x.stage == "supplement").expect("the added document");
        assert_eq!(added.name, format!("Giấy tờ bổ sung: {ITEM}"));
        assert!(added.file.is_some());
        let (_, desk_view) = page(&s.app, &desk, &format!("/mot-cua/ho-so/{id}")).await;
        assert!(desk_view.contains("Người nộp bổ sung hồ sơ trực tuyến"), "{desk_view}");
        assert!(desk_view.contains(r#"id="form-hand_over""#), "the desk goes on from here");
        assert!(!desk_view.contains(r#"id="supplement-ask""#), "nothing is missing any more");
        let notices: Vec<String> = motcua_store::outbox::recent(&s.app.db, 1000).await.unwrap()
            .into_iter().filter(|m| m.entity_id == id).map(|m| m.body).collect();
        assert!(notices.iter().any(|b| b.contains(GUIDANCE) && b.contains("trực tuyến")), "{notices:?}");
        assert!(notices.iter().any(|b| b.contains("đã nhận đủ hồ sơ bổ sung")), "{notices:?}");
    }

    async fn a_dossier_filed_at_the_desk_has_no_online_supplement(backend: Backend) {
        // Arrange: the desk receives a dossier (no account owns it) and asks for a supplement.
        let s = scene(backend).await;
        let desk = new_client();
        let csrf = s.app.login(&desk, "mot.cua").await;
        let id = crate::desk_pages::receive(&s.app, &desk, &csrf, MARRIAGE).await;
        let (_, html) = page(&s.app, &desk, &format!("/mot-cua/ho-so/{id}")).await;
        let r = act(&s.app, &desk, &csrf, &id, &[("action", "request_supplement"), ("version", &version_in(&html)), ("items_text", "Tờ khai: thiếu chữ ký")]).await;
        assert_eq!(r.status(), 303);
        // Act: a citizen tries to bring it.
        let citizen = new_client();
        let c_csrf = s.app.login(&citizen, "cong.dan").await;
        let (status, _) = send(&s.app, &citizen, &id, supplement_form(&c_csrf, "2", vec![
            ("item_0", "to-khai.pdf", "application/pdf", PDF.to_vec()),
        ])).await;
        // Assert: not theirs; the desk's own form still takes files without an item.
        assert_eq!(status, 404);
        let (_, desk_view) = page(&s.app, &desk, &format!("/mot-cua/ho-so/{id}")).await;
        assert!(desk_view.contains(r#"id="supplement-ask""#), "the desk sees what was asked");
        assert!(desk_view.contains(r#"name="files""#) && !desk_view.contains(r#"name="item_0""#));
    }
}

/// The value of the hidden input `name` in a page.
pub(crate) fn hidden(html: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in:\n{html}"))
        + marker.len();
    let end = html[start..].find('"').expect("end") + start;
    html[start..end].to_owned()
}

/// A procedure whose second document is listed "(nếu có)".
const WITH_OPTIONAL: &str = "1.004873,Cấp Giấy xác nhận tình trạng hôn nhân,Hộ tịch,commune,PBL,working_days,3,3,Miễn lệ phí,0,Tờ khai cấp Giấy xác nhận tình trạng hôn nhân; bản chính; 1|Bản án hoặc quyết định ly hôn (nếu có); bản sao; 1,\"Tiếp nhận; desk_officer; 0.5|Thẩm định; specialist; 1.5|Ký; head; 1\",2025-07-01,Luật Hộ tịch 2014\n";

backend_test! {
    async fn a_good_file_is_kept_across_an_error_round_and_a_document_if_any_is_optional(backend: Backend) {
        // Arrange
        let s = scene(backend).await;
        s.app.import_procedures(WITH_OPTIONAL).await;
        let citizen = new_client();
        let csrf = s.app.login(&citizen, "cong.dan").await;
        let ward = s.ward.to_string();
        let fields = |birth: &'static str| -> Vec<(&'static str, String)> {
            vec![("procedure_code", "1.004873".into()), ("unit_id", ward.clone()), ("channel", "online".into()), ("birth_year", birth.into())]
        };
        let form = |extra: Vec<(&'static str, String)>, files| {
            let pairs: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
            intake_form(&csrf, &pairs, files)
        };
        let (status, form_page) = page(&s.app, &citizen, "/mot-cua/nop-truc-tuyen?thu_tuc=1.004873").await;
        assert_eq!(status, 200);
        assert!(form_page.contains("Nếu có"), "the optional document says so");

        // Act 1: a birth year still to come, the declaration's file, nothing for the "(nếu có)" one.
        let r = citizen.post(s.app.url("/mot-cua/nop-truc-tuyen")).multipart(form(fields("2999"), vec![
            ("file_0", "to-khai.pdf", "application/pdf", PDF.to_vec()),
        ])).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let round1 = r.text().await.unwrap();
        // Assert: only the birth year is wrong; the file is kept, not asked for again.
        assert!(round1.contains(r#"id="birth_year-error""#), "{round1}");
        assert!(!round1.contains(r#"id="document_1-error""#), "a document listed (nếu có) is not required");
        assert!(round1.contains(r#"id="kept-file-0""#) && round1.contains("to-khai.pdf"));
        let reference = hidden(&round1, "kept_0");

        // Another citizen cannot use the reference: the document reads as missing.
        let other = new_client();
        let other_csrf = s.app.login(&other, "cong.dan.khac").await;
        let mut stolen: Vec<(&str, &str)> = vec![("procedure_code", "1.004873"), ("unit_id", &ward), ("channel", "online"), ("kept_0", &reference), ("kept_name_0", "to-khai.pdf")];
        stolen.push(("birth_year", "1985"));
        let r = other.post(s.app.url("/mot-cua/nop-truc-tuyen")).multipart(intake_form(&other_csrf, &stolen, vec![])).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains(r#"id="document_0-error""#));

        // Act 2: the birth year mended, no file picked again.
        let mut again = fields("1985");
        again.push(("kept_0", reference.clone()));
        again.push(("kept_name_0", "to-khai.pdf".into()));
        let r = citizen.post(s.app.url("/mot-cua/nop-truc-tuyen")).multipart(form(again, vec![])).send().await.unwrap();
        // Assert: filed, with the kept file on the first line and nothing on the optional one.
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
        let d = dossiers::list(&s.app.db, &dossiers::DossierFilter::default()).await.unwrap().remove(0);
        let docs = dossiers::documents(&s.app.db, d.id).await.unwrap();
        assert_eq!(docs[0].file.as_ref().map(|f| f.name.as_str()), Some("to-khai.pdf"));
        assert!(docs.get(1).is_none_or(|x| x.file.is_none()));
    }

    async fn a_citizen_saves_a_draft_with_a_file_and_files_it_later_without_picking_it_again(backend: Backend) {
        let s = scene(backend).await;
        let citizen = new_client();
        let csrf = s.app.login(&citizen, "cong.dan").await;
        let ward = s.ward.to_string();
        // Half done: the name and address typed, the declaration sent, the identity card not
        // yet, and a phone number still wrong. A draft keeps it all, valid or not.
        let r = citizen.post(s.app.url("/mot-cua/nop-truc-tuyen")).multipart(intake_form(&csrf, &[
            ("unit_id", &ward), ("channel", "online"), ("phone", "09123"), ("luu_nhap", "1"),
        ], vec![("file_0", "to-khai.pdf", "application/pdf", PDF.to_vec())])).send().await.unwrap();
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.starts_with("/mot-cua/nop-truc-tuyen?thu_tuc=") && to.ends_with("da_luu=1"), "{to}");
        assert!(dossiers::list(&s.app.db, &dossiers::DossierFilter::default()).await.unwrap().is_empty(), "a draft files nothing");

        // Back later: the form is filled in, the file is kept, the list shows the draft.
        let (status, form) = page(&s.app, &citizen, &to).await;
        assert_eq!(status, 200);
        assert!(form.contains("Đã lưu nháp lúc"), "{form}");
        assert!(form.contains(r#"value="09123""#) && form.contains("12 Trần Phú"));
        let reference = hidden(&form, "kept_0");
        assert_eq!(hidden(&form, "kept_name_0"), "to-khai.pdf");
        let (_, mine) = page(&s.app, &citizen, "/mot-cua/cua-toi").await;
        assert!(mine.contains(r#"id="drafts""#) && mine.contains("Xóa nháp"), "{mine}");
        assert!(mine.contains(&format!("/mot-cua/nop-truc-tuyen?thu_tuc={}", MARRIAGE.replace('.', "%2E"))) || mine.contains(&format!("/mot-cua/nop-truc-tuyen?thu_tuc={MARRIAGE}")), "{mine}");

        // Nobody else sees it: another citizen's form for the same procedure is empty.
        let other = new_client();
        s.app.login(&other, "cong.dan.khac").await;
        let (_, theirs) = page(&s.app, &other, &format!("/mot-cua/nop-truc-tuyen?thu_tuc={MARRIAGE}")).await;
        assert!(!theirs.contains("09123") && !theirs.contains("kept_0"));

        // Filing: the phone corrected, the second file added, the first not picked again.
        let r = citizen.post(s.app.url("/mot-cua/nop-truc-tuyen")).multipart(intake_form(&csrf, &[
            ("unit_id", &ward), ("channel", "online"), ("kept_0", &reference), ("kept_name_0", "to-khai.pdf"),
        ], vec![("file_1", "can-cuoc.png", "image/png", PNG.to_vec())])).send().await.unwrap();
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
        let d = dossiers::list(&s.app.db, &dossiers::DossierFilter::default()).await.unwrap().remove(0);
        let docs = dossiers::documents(&s.app.db, d.id).await.unwrap();
        assert_eq!(docs[0].file.as_ref().map(|f| f.name.as_str()), Some("to-khai.pdf"));
        let (_, mine) = page(&s.app, &citizen, "/mot-cua/cua-toi").await;
        assert!(!mine.contains(r#"id="drafts""#), "a filed draft is gone");
    }

    async fn a_draft_can_be_thrown_away_and_only_by_its_owner(backend: Backend) {
        let s = scene(backend).await;
        let citizen = new_client();
        let csrf = s.app.login(&citizen, "cong.dan").await;
        let ward = s.ward.to_string();
        let r = citizen.post(s.app.url("/mot-cua/nop-truc-tuyen")).multipart(intake_form(&csrf, &[
            ("unit_id", &ward), ("channel", "online"), ("luu_nhap", "1"),
        ], vec![])).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let owner = s.app.user_id_of("cong.dan").await;
        assert_eq!(motcua_store::drafts::list(&s.app.db, owner).await.unwrap().len(), 1);

        // Another citizen names the same procedure: their own (absent) draft goes, not this one.
        let other = new_client();
        let other_csrf = s.app.login(&other, "cong.dan.khac").await;
        let r = other.post(s.app.url("/mot-cua/nop-truc-tuyen/nhap/xoa"))
            .form(&[("csrf_token", other_csrf.as_str()), ("thu_tuc", MARRIAGE)]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(motcua_store::drafts::list(&s.app.db, owner).await.unwrap().len(), 1);
        // An officer has no drafts to throw away.
        let desk = new_client();
        let desk_csrf = s.app.login(&desk, "mot.cua").await;
        let r = desk.post(s.app.url("/mot-cua/nop-truc-tuyen/nhap/xoa"))
            .form(&[("csrf_token", desk_csrf.as_str()), ("thu_tuc", MARRIAGE)]).send().await.unwrap();
        assert_eq!(r.status(), 403);

        let r = citizen.post(s.app.url("/mot-cua/nop-truc-tuyen/nhap/xoa"))
            .form(&[("csrf_token", csrf.as_str()), ("thu_tuc", MARRIAGE)]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        assert!(motcua_store::drafts::list(&s.app.db, owner).await.unwrap().is_empty());
        // A draft for a procedure that does not exist is refused with the form's message.
        let r = citizen.post(s.app.url("/mot-cua/nop-truc-tuyen")).multipart(intake_form(&csrf, &[
            ("procedure_code", "9.999999"), ("unit_id", &ward), ("channel", "online"), ("luu_nhap", "1"),
        ], vec![])).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(motcua_store::drafts::list(&s.app.db, owner).await.unwrap().is_empty());
    }

    async fn a_good_supplement_file_is_kept_when_another_is_refused(backend: Backend) {
        let s = scene(backend).await;
        let citizen = new_client();
        let csrf = s.app.login(&citizen, "cong.dan").await;
        let ward = s.ward.to_string();
        let filed = citizen.post(s.app.url("/mot-cua/nop-truc-tuyen")).multipart(intake_form(&csrf, &[("unit_id", &ward), ("channel", "online")], vec![
            ("file_0", "to-khai.pdf", "application/pdf", PDF.to_vec()),
            ("file_1", "can-cuoc.png", "image/png", PNG.to_vec()),
        ])).send().await.unwrap();
        assert_eq!(filed.status(), 303);
        let d = dossiers::list(&s.app.db, &dossiers::DossierFilter::default()).await.unwrap().remove(0);
        let id = d.id.to_string();
        let desk = new_client();
        let desk_csrf = s.app.login(&desk, "mot.cua").await;
        let (_, html) = page(&s.app, &desk, &format!("/mot-cua/ho-so/{id}")).await;
        let items = format!("{ITEM}: bản chụp mờ\nSổ hộ khẩu: thiếu trang 2");
        let r = act(&s.app, &desk, &desk_csrf, &id, &[("action", "request_supplement"), ("version", &version_in(&html)), ("items_text", &items)]).await;
        assert_eq!(r.status(), 303);

        // One good file, one that only claims to be a PDF.
        let (_, own) = page(&s.app, &citizen, &format!("/mot-cua/ho-so/{id}")).await;
        let version = version_in(&own);
        let (status, round1) = send(&s.app, &citizen, &id, supplement_form(&csrf, &version, vec![
            ("item_0", "xac-nhan.pdf", "application/pdf", PDF.to_vec()),
            ("item_1", "ho-khau.pdf", "application/pdf", b"not a pdf".to_vec()),
        ])).await;
        assert_eq!(status, 422, "{round1}");
        assert!(round1.contains(r#"id="kept-item-0""#), "the good file is kept: {round1}");
        assert!(!round1.contains(r#"id="kept-item-1""#));
        let reference = hidden(&round1, "kept_item_0");

        // Another citizen cannot use the reference.
        let other = new_client();
        let other_csrf = s.app.login(&other, "cong.dan.khac").await;
        let (status, _) = send(&s.app, &other, &id, supplement_form(&other_csrf, &version, vec![])
            .text("kept_item_0", reference.clone()).text("kept_item_name_0", "xac-nhan.pdf")).await;
        assert_eq!(status, 404);

        // Only the refused file is picked again.
        let (status, body) = send(&s.app, &citizen, &id, supplement_form(&csrf, &version, vec![
            ("item_1", "ho-khau.png", "image/png", PNG.to_vec()),
        ]).text("kept_item_0", reference).text("kept_item_name_0", "xac-nhan.pdf")).await;
        assert_eq!(status, 303, "{body}");
        let docs = dossiers::documents(&s.app.db, d.id).await.unwrap();
        let added: Vec<&str> = docs.iter().filter(|x| x.stage == "supplement").map(|x| x.name.as_str()).collect();
        assert_eq!(added.len(), 2, "{added:?}");
        assert!(added.contains(&format!("Giấy tờ bổ sung: {ITEM}").as_str()));
        assert!(added.contains(&"Giấy tờ bổ sung: Sổ hộ khẩu"));
    }
}
