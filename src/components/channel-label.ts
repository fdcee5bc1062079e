/** How each channel is named to people. */
export const channelLabel: Record<string, string> = {
  in_app: "In app",
  email: "Email",
  whatsapp: "WhatsApp",
  sms: "SMS",
};
