package dev.clir.testing;

import dev.clir.corpus.SourceDocument;
import java.util.List;
import java.util.Map;

/** Short English help articles with metadata, and questions about them, for index and search tests. */
public final class HelpCorpus {
  private HelpCorpus() {}

  private static SourceDocument doc(String id, String title, String text, String category, String product) {
    return new SourceDocument(id, title, text, "https://help.example.com/" + id, "en",
        Map.of("category", category, "product", product));
  }

  public static final List<SourceDocument> DOCS = List.of(
      doc("router-reset", "Resetting your router",
          "If the internet stops working, unplug the router, wait thirty seconds and plug it back in. "
              + "To restore factory settings, hold the reset button on the back for ten seconds.",
          "network", "router"),
      doc("password-reset", "Changing a forgotten password",
          "On the sign-in page choose 'Forgot password'. We email you a link that is valid for one hour. "
              + "Pick a new password of at least twelve characters.",
          "account", "web"),
      doc("refund", "Getting a refund",
          "You can ask for your money back within thirty days of purchase. Open your orders, select the item "
              + "and choose 'Request refund'. The amount returns to your card within five business days.",
          "billing", "store"),
      doc("vpn-setup", "Setting up the VPN",
          "Download the VPN client, sign in with your work account and choose the nearest server. "
              + "The VPN encrypts your traffic on public Wi-Fi.",
          "network", "vpn"),
      doc("printer-offline", "Printer shows offline",
          "Check that the printer and the computer are on the same network. Remove the printer from the list "
              + "of devices and add it again. Restart the print spooler if it is still offline.",
          "device", "printer"),
      doc("battery", "Making the battery last longer",
          "Lower the screen brightness, turn off background app refresh and enable battery saver. "
              + "Avoid leaving the phone in a hot car: heat damages the battery.",
          "device", "phone"),
      doc("two-factor", "Turning on two-factor authentication",
          "Two-factor authentication asks for a code from your phone when you sign in. Open security settings, "
              + "choose 'Two-step verification' and scan the QR code with an authenticator app.",
          "account", "web"),
      doc("delete-account", "Deleting your account",
          "Deleting your account removes your profile, orders and messages permanently after fourteen days. "
              + "Go to privacy settings and choose 'Delete account'.",
          "account", "web"),
      doc("shipping", "Delivery times",
          "Standard delivery takes three to five working days. Express delivery arrives the next day when you "
              + "order before noon. You get a tracking number by email.",
          "billing", "store"),
      doc("error-e4012", "Error E-4012 during update",
          "The code E-4012 means the download of the update was interrupted. Keep the device connected to power "
              + "and to a stable network, then start the update again from the system menu.",
          "device", "tablet"),
      doc("wifi-slow", "Slow wireless connection",
          "Move closer to the access point, switch to the 5 GHz band and reduce the number of devices streaming "
              + "video at the same time. Old routers may not support current standards.",
          "network", "router"),
      doc("export-data", "Downloading a copy of your data",
          "You can export your photos, contacts and messages as a ZIP archive. The download link appears in "
              + "privacy settings within 48 hours.",
          "account", "web"));

  /** A question per document, paraphrased (few words in common with the article). */
  public static final Map<String, String> QUESTIONS = Map.ofEntries(
      Map.entry("router-reset", "my internet box is not working, how do I restart it?"),
      Map.entry("password-reset", "I can't remember my login secret, what should I do?"),
      Map.entry("refund", "how do I get my money back for something I bought?"),
      Map.entry("vpn-setup", "how to connect securely to the company network from a cafe"),
      Map.entry("printer-offline", "my computer cannot find the printer"),
      Map.entry("battery", "phone runs out of charge too quickly"),
      Map.entry("two-factor", "how do I add a second step to my sign in with an app"),
      Map.entry("delete-account", "I want to close my profile for good"),
      Map.entry("shipping", "when will my package arrive?"),
      Map.entry("error-e4012", "update fails with E-4012"),
      Map.entry("wifi-slow", "the wireless is really slow at home"),
      Map.entry("export-data", "how can I download everything you store about me"));
}
