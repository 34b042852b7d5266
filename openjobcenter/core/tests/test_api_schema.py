"""The OpenAPI document integrators and our black-box checks rely on."""


def test_it_serves_openapi_3_1(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1.")
    assert schema["info"]["title"] == "OpenJobcenter API"


def test_it_documents_the_tenant_paths_and_both_ways_to_sign_in(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/jobcenters",
        "/api/v1/{jobcenter}",
        "/api/v1/{jobcenter}/locations",
        "/api/v1/{jobcenter}/me",
    } <= set(schema["paths"])
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["BearerAuth"].items()
    assert schemes["SessionAuth"]["in"] == "cookie"


def test_it_documents_the_error_body(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    responses = schema["paths"]["/api/v1/{jobcenter}/locations"]["get"]["responses"]
    assert {"200", "404", "429"} <= set(responses)
    error = schema["components"]["schemas"]["ErrorDetail"]
    assert set(error["properties"]) == {"code", "message", "fields"}


def test_the_api_docs_load_their_assets_locally(client, db):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
