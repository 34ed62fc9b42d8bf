from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        # The dossier registers its generated-file kind on import.
        from reports import sources

        from . import dossier, signed_documents  # noqa: F401
        from .reporting import SOURCE

        # Yearly reports and the statistics count awards through this source.
        sources.register_awards(SOURCE)
        # A phase's conference honours the awards of its round.
        from campaigns import conference

        from .reporting import conference_honourees

        conference.register_honourees(conference_honourees)
        # A decided award counts in the yearly report of its unit (or its person's unit).
        from .reporting import connect_figure_signals

        connect_figure_signals()

        # The home page's panels show proposals (of the proposing unit and of the round's
        # campaign's organisation) and finalised rounds.
        from campaigns.selectors import campaign_units
        from portal import home_cache
        from units.paths import paths_above, related

        from .models import AwardProposal, AwardRound

        def proposal_paths(proposal):
            round_ = related(proposal, "round")
            if isinstance(round_, AwardRound):
                campaign = related(round_, "campaign")
            else:
                campaign = (
                    AwardRound.objects.filter(pk=round_)
                    .values_list("campaign_id", flat=True)
                    .first()
                )
            return paths_above(related(proposal, "proposing_unit"), *campaign_units(campaign))

        home_cache.watch(AwardRound)
        home_cache.watch(AwardProposal, proposal_paths, topic="awards")

        # The inbox of the level above and the returned packages of the level below.
        from .forwarding_models import ForwardedPackage

        def package_paths(package):
            return paths_above(
                related(package, "lower_organisation"), related(package, "upper_organisation")
            )

        home_cache.watch(ForwardedPackage, package_paths, topic="awards")
