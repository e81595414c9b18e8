import factory
from django.contrib.auth import get_user_model

from participation.models import Office, OfficeMembership, StakeholderGroup

PASSWORD = "test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"ผู้ใช้{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"office{n}")
    name_th = factory.Sequence(lambda n: f"สำนักงานทดสอบ {n}")
    name_en = factory.Sequence(lambda n: f"Test Office {n}")
    kind = Office.Kind.PRIMARY_ESA
    province = "สิงห์บุรี"
    email = factory.LazyAttribute(lambda office: f"contact@{office.slug}.example.org")
    phone = "036 000 000"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficeMembership

    user = factory.SubFactory(UserFactory)
    office = factory.SubFactory(OfficeFactory)
    role = OfficeMembership.Role.STAFF


class StakeholderGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderGroup

    office = factory.SubFactory(OfficeFactory)
    name = factory.Sequence(lambda n: f"กลุ่มผู้มีส่วนได้ส่วนเสีย {n}")
    name_en = factory.Sequence(lambda n: f"Stakeholder group {n}")
    category = StakeholderGroup.Category.COMMUNITY
