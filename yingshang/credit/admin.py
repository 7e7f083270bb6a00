from django.contrib import admin

from yingshang.credit.models import (
    Correction, HonourEntry, IntegrityPush, Listing, RepairApplication, ReorganisationRepair, Restriction,
)


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ("debtor", "case", "ground", "status", "publish_on", "ends_on", "is_shielded")
    list_filter = ("status", "ground", "is_shielded")
    readonly_fields = [f.name for f in Listing._meta.fields]


for model in (Correction, Restriction, RepairApplication, ReorganisationRepair, IntegrityPush, HonourEntry):
    admin.site.register(model)
