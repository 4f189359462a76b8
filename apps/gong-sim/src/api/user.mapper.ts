import type { User } from '../company/company.model.js';
import type { ZonedTimeFormatter } from '@gong-connector/contracts';

/** The spec's UserMetadata, field by field. */
export function toUserMetadata(u: User, time: ZonedTimeFormatter, companySlug: string): Record<string, unknown> {
  const recorded = u.active && !u.isAvatar && !['ceo', 'revops', 'enablement'].includes(u.role);
  const out: Record<string, unknown> = {
    id: u.id,
    emailAddress: u.emailAddress,
    created: time.format(u.created),
    active: u.active,
    emailAliases: u.isAvatar ? [] : [`${u.firstName[0]}${u.lastName}`.toLowerCase().replace(/[^a-z]/g, '') + '@' + u.emailAddress.split('@')[1]],
    trustedEmailAddress: u.emailAddress,
    firstName: u.firstName,
    lastName: u.lastName,
    title: u.title,
  };
  if (u.phoneNumber !== undefined) out.phoneNumber = u.phoneNumber;
  if (u.extension !== undefined) out.extension = u.extension;
  out.personalMeetingUrls = u.isAvatar ? [] : [`https://zoom.us/my/${u.meetingSlug}`];
  out.settings = {
    webConferencesRecorded: recorded,
    preventWebConferenceRecording: !recorded && u.active && !u.isAvatar,
    telephonyCallsImported: recorded && ['rep', 'sdr', 'csm'].includes(u.role),
    emailsImported: recorded,
    preventEmailImport: false,
    nonRecordedMeetingsImported: recorded,
    gongConnectEnabled: recorded,
  };
  if (u.managerId !== undefined) out.managerId = u.managerId;
  if (!u.isAvatar) out.meetingConsentPageUrl = `https://join.gong.io/${companySlug}/${u.meetingSlug}?tkn=${u.id.slice(-8)}`;
  out.conferencingProviders = u.isAvatar ? [] : [{ provider: 'zoom', isDefault: true }];
  out.spokenLanguages = [{ language: 'en-US', primary: true }];
  return out;
}
