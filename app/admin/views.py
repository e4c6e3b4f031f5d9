"""Administrator pages: verification of contracting authorities, the audit log."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.permissions import can_administer_platform, must_enrol_two_factor
from app.admin import audit
from app.admin.forms import VerificationForm
from app.audit.models import AuditEvent
from app.core.http import require
from app.core.views import add_form_error
from app.extensions import db
from app.organisations import services as organisation_services
from app.organisations.models import Organisation
from app.organisations.permissions import can_verify_organisation

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _only_administrators():
    if must_enrol_two_factor(current_user):
        flash(_("Administrators must turn on two-factor authentication first."), "info")
        return redirect(url_for("accounts.two_factor_settings"))
    require(can_administer_platform(current_user))
    return None


@bp.route("/")
def dashboard():
    return render_template(
        "admin/dashboard.html",
        pending=organisation_services.pending_verifications(),
    )


@bp.route("/verifications")
def verifications():
    pending = organisation_services.pending_verifications()
    return render_template("admin/verifications.html", pending=pending,
                           forms={o.id: VerificationForm(prefix=f"o{o.id}") for o in pending})


@bp.route("/organisations/<int:org_id>/<any(verify, reject):decision>", methods=["POST"])
def decide_verification(org_id: int, decision: str):
    organisation = db.get_or_404(Organisation, org_id)
    require(can_verify_organisation(current_user, organisation))
    form = VerificationForm(prefix=f"o{org_id}")
    if not form.validate_on_submit():
        abort(400)
    if decision == "reject" and not (form.note.data or "").strip():
        add_form_error(form, "note", _("Explain why, so the organisation can correct it."))
        pending = organisation_services.pending_verifications()
        forms = {o.id: VerificationForm(prefix=f"o{o.id}") for o in pending}
        forms[org_id] = form
        return render_template("admin/verifications.html", pending=pending, forms=forms), 422
    organisation_services.decide_verification(
        organisation, current_user, decision == "verify", form.note.data or "",
        trusted=bool(form.trusted.data))
    flash(_("%(name)s has been answered.", name=organisation.name), "success")
    return redirect(url_for(".verifications"))


@bp.route("/audit")
def audit_log():
    filters = audit.AuditFilters.from_args(request.args)
    pagination = db.paginate(
        audit.events_query(filters).options(db.joinedload(AuditEvent.actor)),
        page=request.args.get("page", 1, type=int), per_page=audit.PER_PAGE, error_out=False)
    return render_template("admin/audit.html", filters=filters, pagination=pagination,
                           entries=audit.entries(pagination.items),
                           families=audit.FAMILIES)


@bp.route("/audit.csv")
def audit_csv():
    filters = audit.AuditFilters.from_args(request.args)
    # Built whole rather than streamed: a streamed body outlives the request's database
    # session. The rows are read in batches; filter first for a very long log.
    return Response("".join(audit.csv_lines(filters)),
                    mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'})
