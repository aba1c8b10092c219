"""The editors' forms (Flask-WTF, so each carries a CSRF token)."""

from __future__ import annotations

from flask_babel import get_locale, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, PasswordField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from bordermap import i18n
from bordermap.ingest.palette import default_color
from bordermap.store import Store
from bordermap.vocabulary import current_translations


class TokenForm(FlaskForm):
    token = PasswordField(_l("Editor token"), validators=[Optional(), Length(max=200)])


class UploadForm(FlaskForm):
    file = FileField(_l("File (GeoJSON, GeoPackage, zipped Shapefile, KML, CSV, FlatGeobuf or GPX)"))
    target = RadioField(_l("Add to"), default="new", choices=[
        SelectChoice("existing", _l("A layer of yours")), SelectChoice("new", _l("A new layer"))])
    layer = SelectField(_l("Layer"), choices=[], validate_choice=False, validators=[Optional()])
    new_title = StringField(_l("Title"), validators=[Optional(), Length(max=120)])
    new_id = StringField(_l("Id (optional)"), validators=[Optional(), Length(max=63)])
    kind = StringField(_l("Kind of feature"), validators=[Optional(), Length(max=40)])
    color = StringField(_l("Colour"), validators=[Optional(), Length(max=7)])
    crs = StringField(_l("Source CRS (optional)"), validators=[Optional(), Length(max=80)])
    source_layer = StringField(_l("Layer in the file (when it holds several)"),
                               validators=[Optional(), Length(max=200)])
    encoding = SelectField(_l("Text encoding"), default="", choices=[
        SelectChoice("", _l("as the file says (or found from its text)")), SelectChoice("utf-8", "UTF-8"),
        SelectChoice("windows-1258", _l("Vietnamese (Windows-1258)")),
        SelectChoice("windows-1252", _l("Western European (Windows-1252)")),
        SelectChoice("iso-8859-1", _l("Western European (ISO-8859-1)"))],
        validate_choice=False, validators=[Optional()])  # checked by the import
    repair = BooleanField(_l("Repair invalid geometries"))
    # Offered only when the checked file was imported into its layer before (allow_duplicate).
    again = BooleanField(_l("Import it again"))
    location_precision = SelectField(_l("Location precision of features that do not give one"), default="",
                                     choices=[SelectChoice("", _l("unknown")), SelectChoice("exact", _l("exact")),
                                              SelectChoice("approximate", _l("approximate"))],
                                     validate_choice=False, validators=[Optional()])  # checked by the import
    precision_m = StringField(_l("Radius in metres (with approximate)"), validators=[Optional(), Length(max=20)])
    links = SelectMultipleField(_l("Link to commitments (optional)"), choices=[], validators=[Optional()],
                                widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    author = StringField(_l("Your name (optional)"), validators=[Optional(), Length(max=80)])
    token = PasswordField(_l("Editor token"), validators=[Optional(), Length(max=200)])
    action = StringField(default="check")  # set by the button pressed
    staged = HiddenField()
    filename = HiddenField()


def fill_choices(form: UploadForm, store: Store) -> None:
    """The user layers and the commitments a form can choose from."""
    lang = str(get_locale())
    words = i18n.messages(lang)
    def counted(n: int) -> str:
        return ngettext("%(count)s feature", "%(count)s features", n, count=words.number(n))

    form.layer.choices = [SelectChoice("", "—")] + [
        # A long title is cut, so that the list fits a phone; the id after it tells layers apart.
        SelectChoice(layer.id, f"{i18n.clip(layer.title, 60)} ({layer.id}, {counted(layer.feature_count)})")
        for layer in store.layers() if layer.origin == "user"
    ]
    # The colour a new layer would get when left alone, shown as it will be (review 25a, #2).
    form.color.data = form.color.data or default_color(store)
    # Whole summaries, in the page language (our translation where there is one): the picker's
    # filter finds a commitment by any word of them.
    form.links.choices = [
        SelectChoice(item["id"], current_translations(item).get(lang, {}).get("summary", item.get("summary", ""))
                     + f" ({item['id']})")
        for item in store.commitments()
    ]
