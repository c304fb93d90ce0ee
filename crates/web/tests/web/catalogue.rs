//! The public catalogue pages and API: browse, search without diacritics, detail.

use crate::helpers::*;
use motcua_test_support::backend_test;

backend_test! {
    async fn searching_without_diacritics_finds_the_procedure(backend: Backend) {
        // Arrange
        let app = TestApp::spawn(backend).await;
        app.seed_catalogue().await;
        // Act
        let r = app.get(&app.client, "/procedures?q=dang+ky+ket+hon").await;
        // Assert
        assert_eq!(r.status(), 200);
        let body = r.text().await.unwrap();
        assert!(body.contains("Đăng ký kết hôn"));
        assert!(!body.contains("Cấp giấy phép xây dựng"));
        let r = app.get(&app.client, "/procedures?q=giay+phep+xay+dung").await;
        assert!(r.text().await.unwrap().contains("Cấp giấy phép xây dựng mới"));
    }

    async fn the_catalogue_can_be_browsed_by_field_and_level(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.seed_catalogue().await;
        let body = app
            .get(&app.client, "/procedures?field=H%E1%BB%99+t%E1%BB%8Bch&level=commune")
            .await
            .text()
            .await
            .unwrap();
        assert!(body.contains("Đăng ký kết hôn"));
        assert!(!body.contains("Cấp giấy phép xây dựng mới"));
        assert!(body.contains(r#"<option value="Hoạt động xây dựng""#));
    }

    async fn a_procedure_page_shows_documents_fees_limits_and_steps(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.seed_catalogue().await;
        let r = app.get(&app.client, "/procedures/1.009994").await;
        assert_eq!(r.status(), 200);
        let body = r.text().await.unwrap();
        for part in [
            "Đơn đề nghị cấp giấy phép xây dựng",
            "75.000 đồng/giấy phép",
            "15 ngày làm việc",
            "12 ngày làm việc",
            "Thẩm định hồ sơ",
            "Luật Xây dựng 2014",
        ] {
            assert!(body.contains(part), "missing {part}");
        }
    }

    async fn an_unknown_procedure_is_a_404(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        assert_eq!(app.get(&app.client, "/procedures/9.999999").await.status(), 404);
        assert_eq!(app.get(&app.client, "/api/v1/procedures/9.999999").await.status(), 404);
    }

    async fn the_api_searches_the_catalogue_without_diacritics(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.seed_catalogue().await;
        let v: serde_json::Value = app
            .get(&app.client, "/api/v1/procedures?q=DANG%20KY%20KET%20HON")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v.as_array().unwrap().len(), 1);
        assert_eq!(v[0]["code"], "1.000894");
        let d: serde_json::Value = app
            .get(&app.client, "/api/v1/procedures/1.000894")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(d["legal_limit"], 5.0);
        assert_eq!(d["steps"].as_array().unwrap().len(), 3);
        assert_eq!(d["documents"][1]["count"], 2);
    }

    async fn an_invalid_level_is_a_clear_error_not_a_500(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let r = app.get(&app.client, "/api/v1/procedures?level=galaxy").await;
        assert_eq!(r.status(), 422);
        assert_eq!(error_code(r).await, "validation_failed");
        let r = app.get(&app.client, "/api/v1/procedures?page=-1").await;
        assert_eq!(r.status(), 400);
        assert_eq!(error_code(r).await, "malformed_query");
    }

    async fn sql_looking_search_text_is_harmless(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.seed_catalogue().await;
        let r = app
            .get(&app.client, "/procedures?q=%27%3B+DROP+TABLE+procedure_version%3B+--")
            .await;
        assert_eq!(r.status(), 200);
        let body = r.text().await.unwrap();
        assert!(body.contains("&#39;; DROP TABLE") || body.contains("&#x27;; DROP TABLE"), "shown escaped");
        assert_eq!(app.get(&app.client, "/procedures/1.000894").await.status(), 200);
    }
}
