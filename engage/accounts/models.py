"""People: one User model for staff, students and partner contacts (email login)."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from engage.core.models import PersonalDataMixin


class Role(models.TextChoices):
    """The roles of ARCHITECTURE.md; each is a Django group of the same name."""

    ENGAGE_COORDINATOR = "Engage coordinator", _("Engage coordinator")
    FACULTY_COORDINATOR = "Faculty coordinator", _("Faculty coordinator")
    LECTURER = "Lecturer/supervisor", _("Lecturer/supervisor")
    STUDENT = "Student", _("Student")
    PARTNER_CONTACT = "Partner contact", _("Partner contact")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    DUTCH = "nl", _("Dutch")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})

    def with_role(self, role: str):
        return self.filter(groups__name=role)


class User(PersonalDataMixin, AbstractUser):
    username = None
    email = models.EmailField(_("email address"), unique=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=Language.choices,
        default=Language.DUTCH,
    )
    student_number = models.CharField(
        _("student number"), max_length=20, blank=True, null=True, unique=True
    )
    faculties = models.ManyToManyField(
        "university.Faculty",
        blank=True,
        related_name="coordinators",
        verbose_name=_("coordinated faculties"),
        help_text=_("For faculty coordinators: the faculties whose work they manage."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    personal_fields = ("email", "first_name", "last_name", "student_number")

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(student_number=""),
                name="accounts_student_number_not_blank",
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        self.student_number = (self.student_number or "").strip() or None
        super().save(*args, **kwargs)

    @property
    def role_names(self) -> frozenset[str]:
        if not hasattr(self, "_role_names"):
            self._role_names = frozenset(self.groups.values_list("name", flat=True))
        return self._role_names

    def has_role(self, role: str) -> bool:
        return role in self.role_names


class UsedSignedLink(models.Model):
    """A one-purpose signed link that did its job: a second use is refused.

    Only a digest of the token is kept (the token itself would still open the page).
    """

    purpose = models.CharField(_("purpose"), max_length=100)
    digest = models.CharField(_("token digest"), max_length=64, unique=True)
    used_at = models.DateTimeField(_("used at"))

    class Meta:
        verbose_name = _("used signed link")
        verbose_name_plural = _("used signed links")

    def __str__(self):
        return f"{self.purpose} · {self.used_at:%Y-%m-%d %H:%M}"
