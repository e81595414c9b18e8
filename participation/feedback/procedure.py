"""The complaint-handling procedure an office publishes: the director's text, or the portal's default."""

from django.utils.translation import gettext as _

from participation.feedback.models import ComplaintProcedure


def default_procedure(office) -> str:
    """The portal's procedure, in Markdown, for an office whose director has not written its own."""
    values = {"office": office.name, "days": office.feedback_answer_days}
    return "\n\n".join(
        [
            _("## Who handles complaints"),
            _(
                "Complaints are handled by the staff of %(office)s whom the director names. Reports of "
                "corruption and misconduct are read only by the director and the staff the director names to "
                "handle them; nobody else in the office sees them."
            )
            % values,
            _("## The steps"),
            "\n".join(
                [
                    _(
                        "1. **Receiving.** Every complaint, sent on the portal or brought to the office, is recorded "
                        "and given a tracking code at once."
                    ),
                    _(
                        "2. **Checking.** Within 3 working days the office checks whether the matter is its own; a "
                        "matter of another agency is passed on, and the sender is told where."
                    ),
                    _(
                        "3. **Looking into it.** The responsible unit gathers the facts; a report of misconduct may "
                        "lead the director to appoint a fact-finding committee."
                    ),
                    _(
                        "4. **Answering.** The office answers within %(days)s days of receiving the complaint; when "
                        "it needs longer it says why on the tracking page and when to expect the answer."
                    )
                    % values,
                    _(
                        "5. **Closing and reporting.** The result is recorded, the complaint is closed, and the "
                        "year's figures are published as counts only, every half-year."
                    ),
                ]
            ),
            _("## Protecting the people who complain"),
            _(
                "You may complain without giving your name. Your name, e-mail and phone, if you give them, are "
                "used only to answer you and are never published or shown to the people you complain about. "
                "Anyone who reveals a complainant or treats one unfairly for complaining is subject to "
                "disciplinary action."
            ),
        ]
    )


def procedure_text(office) -> tuple[str, bool]:
    """The procedure the office publishes, and whether it is the portal's default."""
    written = ComplaintProcedure.objects.filter(office=office).values_list("text", flat=True).first()
    if written:
        return written, False
    return default_procedure(office), True
