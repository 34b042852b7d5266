def test_the_switch_offers_only_the_jobcenters_languages(client, demo):
    demo.languages = ["en", "ar"]
    demo.save()
    page = client.get("/demo/").content.decode()
    for name in ["Deutsch", "English", "العربية"]:
        assert name in page
    for name in ["Türkçe", "Українська", "Русский"]:
        assert name not in page


def test_german_is_always_offered(client, demo):
    demo.languages = ["tr"]
    demo.save()
    page = client.get("/demo/").content.decode()
    assert "Deutsch" in page and "Türkçe" in page and "English" not in page
