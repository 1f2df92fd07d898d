from relais.core.management.commands.document_indicators import TARGET, render


def test_docs_indicators_md_is_generated_from_the_registry():
    """A figure added or redefined without regenerating the documentation fails here."""
    assert TARGET.read_text(encoding="utf-8") == render(), (
        "lancez `python manage.py document_indicators`"
    )


def test_every_indicator_has_a_definition_and_an_action_sheet():
    from relais.core.indicators import indicators

    for indicator in indicators():
        assert len(indicator.definition) > 40, indicator.code
        assert indicator.action_sheets, indicator.code
