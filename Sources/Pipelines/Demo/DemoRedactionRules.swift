extension DemoJob {
    /// The `--redact-regions` rules for the simulated archive: its workstation screenshots
    /// (384 x 384 secondary captures from MEDSYNTH consoles) carry the patient's name, ID and
    /// dates in the top-left corner and the study date in the bottom-right corner. Written to
    /// OUT/redact-regions.yaml by `medsynth demo` as an example of the format.
    public static let redactionRules = """
    # Pixel regions to blank in files that may carry burned-in text (medsynth anonymize --redact-regions).
    # Regions are [x, y, width, height] in pixels, x from the left, y from the top.
    rules:
      - name: MEDSYNTH console screenshots 384x384
        manufacturer: MEDSYNTH
        modality: OT
        rows: 384
        columns: 384
        regions:
          - [0, 0, 384, 84]      # patient banner: name, ID, birth date, study date
          - [288, 352, 96, 32]   # acquisition date, bottom right

    """
}
